"""Passwords found first in every leaked list and guessed first by every attacker (8 characters and longer).

Lower-cased; a password is refused when, lower-cased, it is one of these, or one
character repeated, or a run of consecutive digits or keyboard letters.
"""
COMMON = frozenset("""
12345678 123456789 1234567890 0123456789 87654321 11111111 00000000 12341234 11223344 12121212 123123123
password password1 password123 passw0rd p@ssw0rd qwertyui qwerty123 qwertyuiop 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
zaq12wsx asdfghjk asdfasdf iloveyou sunshine princess football baseball welcome1 welcome123 abc12345 abcd1234
letmein1 trustno1 superman starwars dragon12 monkey12 whatever computer internet michael1 admin123 administrator
changeme change-me change-me-too default1 secret12 qazwsxedc 123qweasd q1w2e3r4 q1w2e3r4t5 zxcvbnm1 zxcvbnm123
йцукенгш йцукенгшщз пароль12 пароль123 привет12 привет123 любовь12 наташа12 россия12 москва12 12345678йцукенгш
gfhjkm12 gfhjkm123 rostok12 rostok123 росток12 росток123 ghbdtn12 qwerty12 qwerty1234 password12 abcdefgh
""".split())

_RUNS = ("0123456789", "9876543210", "qwertyuiop", "asdfghjkl", "zxcvbnm", "йцукенгшщзхъ", "фывапролджэ", "abcdefghijklmnopqrstuvwxyz")


def is_common(password: str) -> bool:
    p = password.lower()
    if p in COMMON or len(set(p)) == 1:
        return True
    return any(p in run for run in _RUNS)

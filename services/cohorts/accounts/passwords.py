"""Password hashing with argon2 (cheap parameters under tests only)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_production = PasswordHasher()
_testing = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
# verified against when the account does not exist, so both answers take as long
_DUMMY = _production.hash("not a password")


def hasher(testing: bool) -> PasswordHasher:
    return _testing if testing else _production


def hash_password(password: str, *, testing: bool = False) -> str:
    return hasher(testing).hash(password)


def verify_password(stored: str | None, password: str, *, testing: bool = False) -> bool:
    try:
        return hasher(testing).verify(stored or _DUMMY, password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False

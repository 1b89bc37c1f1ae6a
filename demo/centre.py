"""The demonstration resource centre's year, in the shape of a regional centre's project plan: open days in
January, March, April, June and September; seminars in February, April and June; a round table in March;
discussions in August and September; a conference in October; consultations all year, with people who walk in;
the library and the office lent to visitors; news on its public page. The year is the last whole one before the
day the demo is loaded, so all of it has happened (people checked in, a school talk's unnamed listeners counted);
two events ahead are open for registration."""
from __future__ import annotations

import datetime as dt
import zoneinfo

PROGRAMME_NAME = "Ресурсный центр поддержки общественных инициатив: год открытых мероприятий (демо)"
FUNDER = "Фонд президентских грантов"
TIMEZONE = "Asia/Krasnoyarsk"  # Kemerovo keeps Krasnoyarsk time (UTC+7)
PLACE = "г. Кемерово, ул. Весенняя 5, ресурсный центр"

ORGANISATIONS = (
    ("АНО «Центр социальных инициатив»", "ngo", "г. Кемерово"),
    ("РОО «Молодёжь Кузбасса»", "ngo", "г. Кемерово"),
    ("ТОС «Шахтёрский»", "initiative_group", "г. Прокопьевск"),
    ("Администрация Беловского муниципального округа", "municipal", "г. Белово"),
    ("Департамент внутренней политики Кемеровской области", "state", "г. Кемерово"),
    ("МБОУ «СОШ № 12»", "education", "г. Кемерово"),
    ("Газета «Кузбасс сегодня»", "media", "г. Кемерово"),
)

# (name, phone, organisation index or None)
PEOPLE = (
    ("Алексеева Марина Викторовна", "+79131110001", 0), ("Богданов Илья Сергеевич", "+79131110002", 0),
    ("Васильева Ольга Петровна", "+79131110003", 1), ("Григорьев Артём Олегович", "+79131110004", 1),
    ("Данилова Светлана Игоревна", "+79131110005", 2), ("Егоров Павел Андреевич", "+79131110006", 2),
    ("Жукова Наталья Юрьевна", "+79131110007", 3), ("Зайцев Роман Викторович", "+79131110008", 3),
    ("Иванова Елена Николаевна", "+79131110009", 4), ("Ковалёв Дмитрий Ильич", "+79131110010", 5),
    ("Лебедева Анна Сергеевна", "+79131110011", 6), ("Морозов Кирилл Павлович", "+79131110012", None),
    ("Никитина Ирина Алексеевна", "+79131110013", None), ("Орлов Виктор Степанович", "+79131110014", 0),
    ("Павлова Юлия Романовна", "+79131110015", 1), ("Романов Георгий Игоревич", "+79131110016", None),
)

# (month, kind, title, target people) — the plan; a consultation line each quarter
PLAN = (
    (1, "open_day", "День открытых дверей в НКО", 20), (2, "seminar", "Семинар-практикум «Разработка муниципальных целевых программ поддержки СО НКО»", 30),
    (3, "open_day", "День открытых дверей в НКО", 20), (3, "round_table", "Круглый стол «Общественные советы в деятельности органов местного самоуправления»", 25),
    (4, "open_day", "День открытых дверей в НКО", 20), (4, "seminar", "Семинар «Новые технологии развития территорий за счёт активности СО НКО и граждан»", 30),
    (6, "open_day", "День открытых дверей в НКО", 20), (6, "seminar", "Семинар «Преодоление стереотипов муниципальных служащих о возможностях участия населения в местном самоуправлении»", 30),
    (8, "discussion", "Дискуссия «НКО — лидер общественного мнения»", 25), (9, "open_day", "День открытых дверей в НКО", 20),
    (9, "discussion", "Дискуссия «Член общественного совета: работа или почётная должность?»", 25),
    (10, "conference", "Межрегиональная конференция «Актуализация форм общественного участия в социально-экономическом развитии регионов»", 120),
    (3, "consultation", "Консультирование СО НКО (январь — март)", 15), (6, "consultation", "Консультирование СО НКО (апрель — июнь)", 15),
    (9, "consultation", "Консультирование СО НКО (июль — сентябрь)", 15), (12, "consultation", "Консультирование СО НКО (октябрь — декабрь)", 15),
)

NEWS = (
    ("Открыта регистрация на день открытых дверей", "Приходите познакомиться с ресурсным центром: консультации юриста и бухгалтера, библиотека НКО, рабочие места для инициативных групп."),
    ("Итоги семинара о муниципальных программах", "Двадцать представителей НКО и администраций разобрали, как устроены муниципальные программы поддержки СО НКО."),
)


def year_of(today: dt.date) -> int:
    """The centre's year shown: the last whole calendar year before the day the demo is loaded, so that its plan
    has all happened whatever the day (the figures are the same on any date); what is ahead is announced apart."""
    return today.year - 1


# announced ahead of the day the demo is loaded, open for registration: (days ahead, kind, title)
AHEAD = ((14, "open_day", "День открытых дверей в НКО"), (40, "seminar", "Семинар «Как НКО получить президентский грант»"))


def starts(year: int, month: int, day: int, hour: int) -> str:
    return dt.datetime(year, month, day, hour, 0, tzinfo=zoneinfo.ZoneInfo(TIMEZONE)).isoformat()

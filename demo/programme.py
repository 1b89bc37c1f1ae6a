"""The demonstration programme: a rural social-project accelerator in two municipal districts of Kamchatka.

Modelled on a real regional grant: 7 initiative groups and young NGOs of four people from Мильковский and
Быстринский МР, an away school in Эссо, online mentoring, and a project fair in Мильково with live fundraising.
The season is the last October-to-March one that has ended, so that everything in it has already happened.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

PROGRAMME_NAME = "Акселератор социальных проектов сельских территорий (демо)"
FUNDER = "Краевой конкурс субсидий НКО, Камчатский край"
GRANT = 998_532
COFINANCING = 486_222
TIMEZONE = "Asia/Kamchatka"
TARGETS = {"participants": 50, "teams": 7, "leaders": 3, "consultations": 40, "consultation_hours": 60, "funds_raised": 300_000}
COHORT_NAME = "Поток сезона {start}/{end}"
FAIR_NAME = "Ярмарка социальных проектов"
FAIR_PLACE = "с. Мильково, районный Дом культуры"

MILKOVO, BYSTRINSKY = "Мильковский МР", "Быстринский МР"
TERRITORIES = (
    (MILKOVO, "с. Мильково"), (MILKOVO, "с. Шаромы"), (MILKOVO, "с. Долиновка"), (MILKOVO, "с. Атласово"),
    (MILKOVO, "п. Лазо"), (BYSTRINSKY, "с. Эссо"), (BYSTRINSKY, "с. Анавгай"),
)


@dataclass(frozen=True)
class Team:
    name: str
    settlement: str
    kind: str  # as the import reads it: "ИГ" or "НКО"
    project: str
    summary: str
    need_money: int
    need_in_kind: str
    need_in_kind_value: int


TEAMS = (
    Team("Шаромская молодёжь", "с. Шаромы", "ИГ", "Спортивная площадка у клуба",
         "Площадка для волейбола и воркаута рядом с сельским клубом: строят сами, инвентарь от партнёров.",
         120_000, "Песок и щебень для основания площадки, 20 т", 45_000),
    Team("Мильковские волонтёры", "с. Мильково", "НКО", "Тропа здоровья в кедровнике",
         "Размеченная тропа 3 км с указателями и скамейками для пожилых и семей с детьми.",
         150_000, "Доски и крепёж для 12 скамеек", 60_000),
    Team("Долиновка вместе", "с. Долиновка", "ИГ", "Музей истории села",
         "Комната-музей в библиотеке: фотографии, вещи первых жителей, записи воспоминаний старожилов.",
         90_000, "Витрины и стеллажи из закрывшегося магазина", 30_000),
    Team("Атласовский очаг", "с. Атласово", "ИГ", "Клуб серебряного возраста",
         "Еженедельные встречи старших жителей: компьютерная грамотность, скандинавская ходьба, чаепития.",
         70_000, "Ноутбук и проектор на время занятий", 55_000),
    Team("Лазовские родники", "п. Лазо", "ИГ", "Благоустройство родника",
         "Каптаж родника, навес и тропинка к нему; субботники с жителями и школьниками.",
         80_000, "Экскаватор на один день", 25_000),
    Team("Мин-кич-каму", "с. Эссо", "НКО", "Детская секция ездового спорта",
         "Секция для детей с ездовыми собаками при участии родовой общины: тренировки, снаряжение, детская гонка.",
         200_000, "Корм для собак на сезон", 80_000),
    Team("Анавгайские мастерицы", "с. Анавгай", "ИГ", "Мастерская эвенских ремёсел",
         "Мастер-классы по бисероплетению и шитью из кожи для подростков, ярмарка изделий в Эссо.",
         110_000, "Бисер, ровдуга и нитки на 30 занятий", 35_000),
)

FIRST_F = ("Анна", "Валентина", "Галина", "Дарья", "Екатерина", "Елена", "Ирина", "Ксения", "Любовь", "Марина",
           "Надежда", "Ольга", "Полина", "Светлана", "Татьяна", "Юлия")
FIRST_M = ("Алексей", "Андрей", "Борис", "Василий", "Дмитрий", "Егор", "Иван", "Кирилл", "Максим", "Николай",
           "Павел", "Роман", "Сергей", "Тимофей")
SURNAMES = (("Андреев", "Андреева"), ("Белов", "Белова"), ("Воронин", "Воронина"), ("Гаврилов", "Гаврилова"),
            ("Данилов", "Данилова"), ("Егоров", "Егорова"), ("Жуков", "Жукова"), ("Зайцев", "Зайцева"),
            ("Ильин", "Ильина"), ("Коврижных", "Коврижных"), ("Ларионов", "Ларионова"), ("Мальцев", "Мальцева"),
            ("Нестеров", "Нестерова"), ("Осипов", "Осипова"), ("Попов", "Попова"), ("Рябов", "Рябова"),
            ("Слепцов", "Слепцова"), ("Тарасов", "Тарасова"), ("Устинов", "Устинова"), ("Черных", "Черных"))
PEOPLE_WITHOUT_TEAM = 24  # activists who came to the school and the webinars without a team of their own
HEADER = ("ФИО", "Телефон", "Email", "Район", "Населённый пункт", "Год рождения", "Пол", "Команда", "Тип", "Роль",
          "Проект", "Описание проекта", "Согласие", "Способ согласия", "Законный представитель")


@dataclass(frozen=True)
class Person:
    full_name: str
    email: str
    phone: str
    district: str
    settlement: str
    birth_year: int
    sex: str
    team: Team | None
    leader: bool


def people() -> list[Person]:
    """7 teams of four (the first one leads), then activists without a team, all with consent on paper."""
    found: list[Person] = []
    settlements = [s for _d, s in TERRITORIES]
    for n in range(len(TEAMS) * 4 + PEOPLE_WITHOUT_TEAM):
        team = TEAMS[n // 4] if n < len(TEAMS) * 4 else None
        female = n % 3 != 1
        first = (FIRST_F if female else FIRST_M)[(n * 5) % (len(FIRST_F) if female else len(FIRST_M))]
        surname = SURNAMES[(n * 7) % len(SURNAMES)][1 if female else 0]
        settlement = team.settlement if team else settlements[n % len(settlements)]
        district = next(d for d, s in TERRITORIES if s == settlement)
        found.append(Person(
            full_name=f"{surname} {first}", email=f"demo.person{n + 1:02d}@example.ru",
            phone=f"+7 914 0{n + 10:02d}-{(n * 37) % 100:02d}-{(n * 53) % 100:02d}",
            district=district, settlement=settlement,
            birth_year=1958 + (n * 11) % 52,  # from pensioners to school leavers: youth 14-35 is about a third
            sex="ж" if female else "м", team=team, leader=team is not None and n % 4 == 0,
        ))
    return found


def people_rows(consent_on: dt.date) -> list[list]:
    rows = []
    for p in people():
        t = p.team
        # a minor's consent is given by a parent (152-FZ), whose name the register keeps
        guardian = f"{p.full_name.split()[0]} (родитель)" if consent_on.year - p.birth_year < 18 else ""
        rows.append([p.full_name, p.phone, p.email, p.district, p.settlement, p.birth_year, p.sex,
                     t.name if t else "", t.kind if t else "", ("лидер" if p.leader else "участник") if t else "",
                     t.project if t else "", t.summary if t else "", consent_on.strftime("%d.%m.%Y"), "на бумаге", guardian])
    return rows


@dataclass(frozen=True)
class Account:
    name: str
    email: str
    roles: tuple[str, ...]
    note: str = ""


MENTORS = (
    Account("Орлова Елена", "demo.mentor.orlova@example.ru", ("mentor",), "проектирование и бюджет"),
    Account("Быстров Сергей", "demo.mentor.bystrov@example.ru", ("mentor",), "фандрайзинг и партнёры"),
    Account("Ким Наталья", "demo.mentor.kim@example.ru", ("mentor",), "продвижение и НКО"),
)
JURORS = (
    Account("Коваль Ирина", "demo.juror.koval@example.ru", ("juror",), "министерство развития гражданского общества"),
    Account("Гончаров Алексей", "demo.juror.goncharov@example.ru", ("juror",), "предприниматель, Мильково"),
    Account("Белова Татьяна", "demo.juror.belova@example.ru", ("juror",), "ресурсный центр НКО"),
    Account("Слепцов Виктор", "demo.juror.sleptsov@example.ru", ("juror",), "глава родовой общины, Эссо"),
)
RECUSED = ("Слепцов Виктор", "Мин-кич-каму", "Член той же родовой общины, что и команда проекта.")
CRITERIA = (("Актуальность для села", 2, 10), ("Реалистичность плана и бюджета", 1, 10), ("Вовлечение жителей", 1, 5))


@dataclass(frozen=True)
class Pledge:
    partner: str
    partner_kind: str
    team: str
    kind: str
    amount: int
    description: str = ""
    status: str = "pledged"  # where it stands after the fair: confirmed, or received (perhaps another amount)
    received: int | None = None


PLEDGES = (
    Pledge("Администрация Мильковского муниципального округа", "authority", "Мильковские волонтёры", "money", 100_000,
           status="received"),
    Pledge("ООО «Камчатская рыба»", "business", "Мин-кич-каму", "money", 150_000, status="confirmed"),
    Pledge("ООО «Камчатская рыба»", "business", "Шаромская молодёжь", "in_kind", 45_000,
           "Песок и щебень, 20 т, с доставкой"),
    Pledge("ИП Черных", "business", "Атласовский очаг", "in_kind", 55_000, "Ноутбук и проектор", status="received"),
    Pledge("Родовая община «Нимкан»", "ngo", "Мин-кич-каму", "in_kind", 80_000, "Корм для собак на сезон",
           status="confirmed"),
    Pledge("Фонд развития Быстринского района", "ngo", "Анавгайские мастерицы", "money", 60_000, status="received",
           received=55_000),
    Pledge("Автобаза Мильково", "business", "Лазовские родники", "in_kind", 25_000, "Экскаватор на один день"),
    Pledge("Жители с. Долиновка", "person", "Долиновка вместе", "money", 18_500, status="received"),
    Pledge("Администрация Мильковского муниципального округа", "authority", "Шаромская молодёжь", "money", 50_000),
)


@dataclass(frozen=True)
class Season:
    """The dates of the demo: October to March, the last such season that has ended before ``today``."""

    start: dt.date
    end: dt.date
    school: dt.datetime = field(init=False)
    fair_day: dt.date = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "school", dt.datetime(self.start.year, 10, 20, 10, 0))
        object.__setattr__(self, "fair_day", dt.date(self.end.year, 3, 20))

    @classmethod
    def before(cls, today: dt.date) -> "Season":
        end_year = today.year if today >= dt.date(today.year, 4, 1) else today.year - 1
        return cls(dt.date(end_year - 1, 10, 1), dt.date(end_year, 3, 31))

    def months(self) -> list[dt.date]:
        """The first of each mentoring month: November to February."""
        y = self.start.year
        return [dt.date(y, 11, 1), dt.date(y, 12, 1), dt.date(y + 1, 1, 1), dt.date(y + 1, 2, 1)]


SCHOOL_SESSIONS = (
    ("Выездная школа, день 1: успешные практики сельских территорий", 0, 240, "Ирина Коваль"),
    ("Выездная школа, день 1: социальное проектирование", 0, 180, "Елена Орлова"),
    ("Выездная школа, день 2: фандрайзинг и продвижение", 1, 240, "Сергей Быстров"),
)
TOPICS = ("Социальное проектирование", "Управление проектом", "Фандрайзинг", "Продвижение", "Регистрация НКО")
NEXT_STEPS = ("Дописать бюджет проекта", "Согласовать место с администрацией", "Найти двух партнёров среди предпринимателей",
              "Подготовить презентацию к ярмарке", "Собрать письма поддержки жителей", "Открыть страницу проекта в соцсети")

"""Offices, enterprises, brokers, mandates and users of the demo district (all fictional)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from clearway.enterprises.model import AuthorisationScope, CreditLevel, EnterpriseRole

ORDOS = "0291"
HORGOS = "7909"

OFFICES = (
    (ORDOS, "鄂尔多斯海关", "Ordos Customs", "Ordos Comprehensive Bonded Zone"),
    (HORGOS, "霍尔果斯海关", "Horgos Customs", "Horgos rail port (Altynkol–Horgos)"),
)

DEMO_PASSWORD = "clearway-demo"

_T, _B, _Z = EnterpriseRole.TRADER, EnterpriseRole.BROKER, EnterpriseRole.BONDED_ZONE


@dataclass(frozen=True)
class DemoEnterprise:
    key: str
    uscc17: str
    customs_code: str
    name: str
    name_en: str
    roles: tuple[EnterpriseRole, ...]
    level: CreditLevel
    address: str


ENTERPRISES = (
    DemoEnterprise(
        "qingyuan",
        "91150600MA0QY0001",
        "1506960001",
        "鄂尔多斯清源锂电科技有限公司",
        "Ordos Qingyuan Lithium Technology Co., Ltd.",
        (_T, _Z),
        CreditLevel.ADVANCED_CERTIFIED,
        "鄂尔多斯综合保税区 A-3",
    ),
    DemoEnterprise(
        "beijiang",
        "91150600MA0BJ0002",
        "1506960002",
        "鄂尔多斯北疆储能电池有限公司",
        "Ordos Beijiang Energy Storage Battery Co., Ltd.",
        (_T, _Z),
        CreditLevel.CERTIFIED,
        "鄂尔多斯综合保税区 B-7",
    ),
    DemoEnterprise(
        "hengtong",
        "91150600MA0HT0003",
        "1506960003",
        "内蒙古恒通新能源有限公司",
        "Inner Mongolia Hengtong New Energy Co., Ltd.",
        (_T,),
        CreditLevel.REGULAR,
        "鄂尔多斯市康巴什区",
    ),
    DemoEnterprise(
        "tianshan",
        "91654004MA7TN0004",
        "6540960004",
        "新疆天山钢铁贸易有限公司",
        "Xinjiang Tianshan Steel Trading Co., Ltd.",
        (_T,),
        CreditLevel.ADVANCED_CERTIFIED,
        "伊宁市",
    ),
    DemoEnterprise(
        "silu",
        "91654004MA7XL0005",
        "6540960005",
        "霍尔果斯丝路矿业进出口有限公司",
        "Horgos Silk Road Mining Import & Export Co., Ltd.",
        (_T,),
        CreditLevel.REGULAR,
        "霍尔果斯市",
    ),
    DemoEnterprise(
        "yuanhe",
        "91654004MA7YH0006",
        "6540960006",
        "伊犁远河商贸有限公司",
        "Yili Yuanhe Trading Co., Ltd.",
        (_T,),
        CreditLevel.DISHONEST,
        "伊宁市",
    ),
    DemoEnterprise(
        "jinyu",
        "91654004MA7JY0007",
        "6540960007",
        "新疆金隅物产有限公司",
        "Xinjiang Jinyu Materials Co., Ltd.",
        (_T,),
        CreditLevel.SERIOUSLY_DISHONEST,
        "乌鲁木齐市",
    ),
    DemoEnterprise(
        "zhongha",
        "91654004MA7CH0008",
        "6540960008",
        "霍尔果斯中哈物流报关有限公司",
        "Horgos Sino-Kazakh Logistics Customs Brokerage Co., Ltd.",
        (_B,),
        CreditLevel.CERTIFIED,
        "霍尔果斯市口岸路",
    ),
    DemoEnterprise(
        "baoshui",
        "91150600MA0BK0009",
        "1506960009",
        "鄂尔多斯保税报关服务有限公司",
        "Ordos Bonded Customs Brokerage Services Co., Ltd.",
        (_B,),
        CreditLevel.REGULAR,
        "鄂尔多斯综合保税区服务中心",
    ),
)

# (broker, principal, scope, from, to)
MANDATES = (
    ("zhongha", "tianshan", AuthorisationScope.IMPORT, date(2023, 1, 1), date(2027, 12, 31)),
    ("zhongha", "silu", AuthorisationScope.BOTH, date(2023, 1, 1), date(2027, 12, 31)),
    ("zhongha", "yuanhe", AuthorisationScope.IMPORT, date(2024, 1, 1), date(2024, 6, 30)),
    ("baoshui", "hengtong", AuthorisationScope.EXPORT, date(2023, 6, 1), date(2027, 5, 31)),
    ("baoshui", "beijiang", AuthorisationScope.EXPORT, date(2024, 1, 1), date(2027, 12, 31)),
)

# (username, role, enterprise key or None, full name)
USERS = (
    ("exporter", "enterprise_user", "qingyuan", "王丽 Wang Li (Qingyuan export manager)"),
    ("importer", "enterprise_user", "tianshan", "阿依古丽 Ayigul (Tianshan logistics)"),
    ("broker", "broker_user", "zhongha", "Serik Nurlanuly (Sino-Kazakh brokerage)"),
    ("risk", "risk_officer", None, "李军 Li Jun (risk officer)"),
    ("inspector", "inspection_officer", None, "张伟 Zhang Wei (inspection officer, Horgos)"),
    ("inspector-ordos", "inspection_officer", None, "高峰 Gao Feng (inspection officer, Ordos)"),
    ("liaison", "liaison_officer", None, "刘芳 Liu Fang (liaison officer, Ordos)"),
    ("admin", "administrator", None, "District administrator"),
)

# The offices of the office-bound officers: each then sees and acts on its office's
# declarations only. They are posted once the district's history has been re-enacted, since
# that history (both ports' work by one inspector) predates offices.
POSTINGS = (("inspector", HORGOS), ("inspector-ordos", ORDOS), ("liaison", ORDOS))

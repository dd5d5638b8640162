import pytest

from xiaoneng.catalogue.rules import CoDepartmentSpec, FeeSpec, ItemSpec, MaterialSpec


@pytest.fixture
def spec():
    """A complete, valid item as the office would publish it."""
    return ItemSpec(
        code="370100-SCJG-001",
        name="食品经营许可",
        department="market",
        legal_limit_days=20,
        committed_limit_days=10,
        legal_basis="《中华人民共和国食品安全法》第三十五条",
        conditions="有与经营的食品品种、数量相适应的经营场所",
        procedure="申请—受理—审查—决定—发证",
        sample_form="《食品经营许可申请书》，可在大厅窗口或办事指南页面领取",
        materials=(
            MaterialSpec(code="M1", name="食品经营许可申请书"),
            MaterialSpec(code="M2", name="营业执照复印件", form="copy"),
            MaterialSpec(code="M3", name="委托书", required=False, source="申请人自备"),
        ),
        fees=(FeeSpec(code="F1", name="许可证工本费", amount=0, legal_basis="国家发展改革委、财政部关于取消部分收费的通知"),),
    )


@pytest.fixture
def joint_spec(spec):
    import dataclasses

    return dataclasses.replace(
        spec,
        code="370100-ZJJ-009",
        name="建筑工程施工许可证核发",
        department="housing",
        legal_limit_days=45,
        committed_limit_days=15,
        joint=True,
        co_departments=(CoDepartmentSpec(department="market", limit_days=10), CoDepartmentSpec(department="west")),
    )

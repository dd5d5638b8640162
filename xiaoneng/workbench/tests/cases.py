"""Work orders for the workbench tests, made with the real services."""

from xiaoneng.workorders.services import Requester, workorder_create, workorder_dispatch


def complaint(city, title="餐馆油烟扰民", department: str | None = None):
    """A hotline complaint taken by the dispatcher and, given a department code, dispatched."""
    wo = workorder_create(
        by=city.user("dispatcher"),
        channel="hotline",
        type="complaint",
        title=title,
        content="详见标题",
        requester=Requester(name="李四", phone="13912345678"),
    )
    return workorder_dispatch(by=city.user("dispatcher"), workorder=wo, department=city.dept(department)) if department else wo

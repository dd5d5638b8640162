"""Marking the ticked notifications read: each one as opening it would (stamped and audited);
someone else's notification is refused, not marked."""

from xiaoneng.core.models import AuditRecord
from xiaoneng.notifications.codes import Action
from xiaoneng.notifications.models import Category, Notification
from xiaoneng.notifications.services import notify

LIST = "/staff/notifications/"


def test_batch_mark_read_marks_the_ticked_ones_only(client, city):
    handler, head = city.user("handler"), city.user("head")
    first, second, third = (notify(users=[handler], category=Category.ORDER, text=f"督办通知 {n}", outside=False)[0] for n in range(3))
    theirs = notify(users=[head], category=Category.ORDER, text="别人的通知", outside=False)[0]
    client.force_login(handler)
    page = client.get(LIST).content.decode()
    assert 'value="read" class="primary">标为已读</button>' in page and f'name="ids" value="{first.pk}" form="batch-form"' in page
    r = client.post(LIST, {"batch": "read", "ids": [first.pk, third.pk, theirs.pk]}, follow=True)
    assert [str(m) for m in r.context["messages"]] == ["成功 2 条，失败 1 条（所选第 3 行：已不存在或无权处理）"]
    read = dict(Notification.objects.values_list("pk", "read_at"))
    assert read[first.pk] and read[third.pk] and read[second.pk] is None and read[theirs.pk] is None
    marked = AuditRecord.objects.filter(action=Action.READ).values_list("subject_id", flat=True)
    assert sorted(marked) == sorted([str(first.pk), str(third.pk)])

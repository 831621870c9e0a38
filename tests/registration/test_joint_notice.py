"""What the organiser is told after making a delegation 联队 when some of its people work
elsewhere: the leader fixes a draft; a submitted or approved roster the leader cannot
touch, so the notice must not send the organiser to wait for the leader."""

import pytest

from meet.extensions import db
from meet.models import DelegationStatus
from tests.conftest import login

PAPER, TEXTILE = "金山纸业有限公司", "元丰纺织有限公司"


@pytest.mark.parametrize("status, told", [
    (DelegationStatus.DRAFT, "需由领队修改"),
    (DelegationStatus.APPROVED, "领队现在不能修改名单"),
    (DelegationStatus.SUBMITTED, "领队现在不能修改名单"),
])
def test_the_notice_after_saving_says_who_can_fix_the_roster(client, reg, status, told):
    reg.d1.status = status.value
    db.session.commit()
    login(client, "admin")
    r = client.post(f"/teams/{reg.d1.id}/joint", data={
        "version": reg.d1.version, "joint": "y", "units": f"{PAPER}\n{TEXTILE}"})
    assert r.status_code == 302
    page = client.get(r.location).get_data(as_text=True)
    assert told in page and "不在成员单位中" in page

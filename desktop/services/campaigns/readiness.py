"""Why a page has nothing to work on yet: no office, or no campaign (and what to do).

A new district office starts with its unit list and no campaign: campaigns, quotas and the
province's catalogue come in the province's first bundle. Until it arrives «Thêm» and «Nhập
từ Excel…» on the initiatives page have no campaign to put an initiative in; the pages say so
with these sentences instead of a button that is merely grey. No Qt here: the pages show it.
"""

from __future__ import annotations

from desktop.services.sync.office import OfficeInfo

NO_OFFICE = (
    "Máy này chưa được thiết lập văn phòng: hãy khởi động lại chương trình và làm bước "
    "«Thiết lập lần đầu»."
)

DISTRICT_NO_CAMPAIGN = (
    "Chưa có chương trình thi đua nào ở văn phòng {office}. Chương trình thi đua và chỉ tiêu do "
    "LĐLĐ tỉnh lập và gửi đến qua gói dữ liệu, nên hãy nhận gói dữ liệu đầu tiên của LĐLĐ tỉnh "
    "trước (trang «Đồng bộ», nút «Nhận gói…»; hoặc Tệp › Nhận gói dữ liệu…, Ctrl+O). Sau đó "
    "mới thêm sáng kiến hoặc nhập sáng kiến từ Excel được."
)

PROVINCE_NO_CAMPAIGN = (
    "Chưa có chương trình thi đua nào. Hãy lập chương trình trước: trang «Đơn vị và chương "
    "trình», thẻ «Chương trình thi đua», nút «Thêm chương trình…». Sau đó mới thêm sáng kiến, "
    "giao chỉ tiêu hoặc nhập sáng kiến từ Excel được."
)

# Why a campaign button is grey while no campaign is chosen.
CHOOSE_CAMPAIGN_FIRST = "Hãy chọn một chương trình thi đua trong danh sách trước."
NO_CAMPAIGN_YET = "Chưa có chương trình thi đua nào."


def why_nothing_to_enter(
    office: OfficeInfo | None, campaign_count: int, may_edit_campaigns: bool
) -> str | None:
    """The Vietnamese sentence saying why no initiative can be entered yet and what to do,
    or None when there is a campaign to enter into."""
    if campaign_count:
        return None
    if office is None or office.unit_id is None:
        return NO_OFFICE if office is None else PROVINCE_NO_CAMPAIGN
    if may_edit_campaigns:
        return PROVINCE_NO_CAMPAIGN
    return DISTRICT_NO_CAMPAIGN.format(office=office.name)

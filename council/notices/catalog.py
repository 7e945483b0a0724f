"""Each event's words, kept in the repository: the same text goes by e-mail, 문자
and 알림톡 (whose registered template must match it word for word).

`#{name}` is a variable (Kakao's syntax). A notice whose variable has no value
is never sent (lib.messaging.render refuses it). `code` is the 알림톡 template
code staff register with Kakao; its review status is kept per council
(AlimtalkTemplate).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Event:
    code: str
    label: str
    subject: str
    text: str
    # False: goes only to people without an account (e-mail and 문자, never 알림톡).
    alimtalk: bool = True


EVENTS = {
    e.code: e
    for e in [
        Event(
            "round_opened",
            _("의견 접수 시작"),
            "[#{council}] 의견 접수를 시작합니다 (마감 #{deadline})",
            "#{name}님, #{meeting} 의견 접수를 시작합니다.\n"
            "안건: #{agenda}\n마감: #{deadline}\n의견서 쓰기: #{link}",
        ),
        Event(
            "reminder",
            _("제출 독려"),
            "[#{council}] 의견서 제출을 부탁드립니다 (마감 #{deadline})",
            "#{name}님, #{meeting} 의견서를 아직 제출하지 않으셨습니다.\n"
            "마감: #{deadline}\n의견서 쓰기: #{link}",
        ),
        Event(
            "deadline_extended",
            _("마감 연장"),
            "[#{council}] 의견 제출 마감이 연장되었습니다",
            "#{name}님, #{meeting} 의견 제출 마감이 연장되었습니다.\n"
            "새 마감: #{deadline}\n의견서 쓰기: #{link}",
        ),
        Event(
            "round_closed",
            _("조기 마감(제출한 위원)"),
            "[#{council}] 의견 접수가 마감되었습니다",
            "#{name}님, #{meeting} 의견 접수가 #{closed}에 마감되었습니다. "
            "제출하신 의견서는 접수되어 있습니다.\n확인: #{link}",
        ),
        Event(
            "round_closed_missing",
            _("조기 마감(미제출 위원)"),
            "[#{council}] 의견 접수가 일찍 마감되었습니다",
            "#{name}님, #{meeting} 의견 접수가 #{closed}에 일찍 마감되어 "
            "이제는 의견을 받을 수 없습니다. 전하실 의견이 있으면 연락해 주세요.\n문의: #{contact}",
        ),
        Event(
            "opinion_received",
            _("의견서 접수 확인"),
            "[#{council}] 의견서 접수 완료",
            "#{name}님의 #{meeting} 의견서(#{count}개 항목)가 #{at}에 접수되었습니다.\n"
            "확인: #{link}",
        ),
        Event(
            "result_published",
            _("결과 공개"),
            "[#{council}] 회의 결과가 공개되었습니다",
            "#{name}님, #{meeting} 결과가 공개되었습니다.\n내 의견이 어디에 반영되었는지: #{link}",
        ),
        Event(
            "proposals_routed",
            _("건의사항 배정"),
            "[#{council}] #{department}에 건의사항이 배정되었습니다",
            "#{name}님, #{meeting} 건의사항 #{count}건이 #{department}에 배정되었습니다.\n"
            "답변 쓰기: #{link}",
        ),
        Event(
            "response_returned",
            _("답변 보완 요청"),
            "[#{council}] 답변 보완 요청: #{proposal}",
            "#{name}님, #{department}의 답변(#{proposal})에 보완 요청이 있습니다.\n"
            "사유: #{reason}\n답변 고치기: #{link}",
        ),
        Event(
            "commitment_due",
            _("후속 조치 기한 임박"),
            "[#{council}] 후속 조치 완료 예정일이 다가옵니다: #{what}",
            "#{name}님, #{department}의 후속 조치 \u201c#{what}\u201d 완료 예정일(#{due})이 "
            "다가옵니다.\n진행 상황 적기: #{link}",
        ),
        Event(
            "commitment_overdue",
            _("후속 조치 기한 경과"),
            "[#{council}] 후속 조치 기한이 지났습니다: #{what}",
            "#{name}님, #{department}의 후속 조치 \u201c#{what}\u201d 완료 예정일(#{due})이 "
            "지났습니다.\n진행 상황 적기: #{link}",
        ),
        Event(
            "commitment_status",
            _("추진 상태 변경"),
            "[#{council}] 건의사항 추진 상태가 바뀌었습니다: #{new}",
            "#{name}님, 의견을 내신 건의사항 \u201c#{proposal}\u201d의 추진 상태가 "
            "바뀌었습니다: #{old} → #{new}\n보기: #{link}",
        ),
        Event(
            "corrections_digest",
            _("정보 수정 요청 모음"),
            "[#{council}] 새 정보 수정 요청 #{count}건",
            "#{name}님, 어제부터 시설 정보 수정 요청이 #{count}건 들어왔습니다.\n"
            "#{facilities}\n처리하기: #{link}",
        ),
        Event(
            "document_ready",
            _("문서 준비 완료"),
            "[#{council}] #{document} 준비가 끝났습니다",
            "#{name}님, 요청하신 문서가 준비되었습니다: #{document}\n내려받기: #{link}",
        ),
        Event(
            "survey_link",
            _("현황 조사 링크"),
            "[#{district}] #{facility} 현황을 확인해 주세요 (마감 #{closes})",
            "#{facility} 담당자님, #{district} 돌봄시설 현황 조사(#{title}) 안내입니다. "
            "링크를 열면 등록된 정원·현원·대기와 운영시간이 채워져 있습니다. 바뀐 것만 "
            "고치거나 '변동 없음'을 눌러 주세요. 로그인은 필요 없습니다.\n#{link}\n"
            "이 시설의 이번 조사에만 쓰는 링크이며 마감은 #{closes}입니다.",
            alimtalk=False,
        ),
        Event(
            "survey_reminder",
            _("현황 조사 다시 알림"),
            "(다시 알림) [#{district}] #{facility} 현황을 확인해 주세요 (마감 #{closes})",
            "#{facility} 담당자님, #{district} 돌봄시설 현황 조사(#{title})에 아직 답이 없어 "
            "다시 알려 드립니다. 바뀐 것만 고치거나 '변동 없음'을 눌러 주세요. 로그인은 "
            "필요 없습니다.\n#{link}\n마감은 #{closes}입니다.",
            alimtalk=False,
        ),
    ]
}

# 문자 only: a short opt-out link (정보통신망법: the way to refuse goes with the message).
OPT_OUT_LINE = "\n수신거부 #{optout}"

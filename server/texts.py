"""Every sentence the server says to a person, Japanese first, English second.

Core refusals and moderation verdicts carry a reason key; this catalogue turns
it into the `message` of an `error` (or the `text` of a `notice`) in the
language the client asked for in `hello.lang`.
"""
from __future__ import annotations

from typing import Any, Mapping

from rooms.refusal import Refused

TEXTS: dict[str, tuple[str, str]] = {
    # frames and requests
    "not_a_map": ("メッセージの形式が正しくありません。", "The message could not be read."),
    "bad_frame": ("メッセージを読み取れませんでした。", "The frame could not be decoded."),
    "bad_ref": ("ref は整数か 1〜64 文字の文字列にしてください。", "ref must be an integer or a string of 1-64 characters."),
    "no_type": ("メッセージに種類 (t) がありません。", "The message has no type (t)."),
    "unknown_type": ("その種類のメッセージは使えません。", "This message type is not known."),
    "not_welcomed": ("先に hello を送ってください。", "Say hello first."),
    "already_welcomed": ("hello はもう受け取っています。", "hello was already received."),
    "nick_type": ("ニックネームを入力してください。", "Please choose a nickname."),
    "nick_length": ("ニックネームは 1〜20 文字にしてください。", "Nicknames are 1 to 20 characters."),
    "nick_chars": ("ニックネームに使えない文字が入っています。", "The nickname contains characters that cannot be used."),
    "age_band": ("年代の指定が正しくありません。", "The age band is not one of the allowed values."),
    "lang": ("言語は ja か en を指定してください。", "lang must be ja or en."),
    "avatar": ("アバターは用意されたものから選んでください。", "Choose an avatar from the ones offered (see docs/protocol.md)."),
    "emote": ("リアクションは用意されたものから選んでください。", "Choose a reaction from the ones offered (see docs/protocol.md)."),
    "token_type": ("token の形式が正しくありません。", "token must be a string."),
    "resume_type": ("resume の形式が正しくありません。", "resume must be a map."),
    "room_type": ("部屋 (room) を指定してください。", "Please name a room."),
    "text_type": ("メッセージを入力してください。", "Please type a message."),
    "text_empty": ("空のメッセージは送れません。", "Empty messages cannot be sent."),
    "text_chars": ("メッセージに使えない文字が入っています。", "The message contains characters that cannot be used."),
    "text_too_long": ("メッセージは 500 文字までです。", "Messages are at most 500 characters."),
    "bad_coordinates": ("位置は数値で指定してください。", "Positions must be finite numbers."),
    "outside_room": ("その位置は部屋の外です。", "That position is outside the room."),
    # rooms
    "room_unknown": ("その部屋はありません。", "There is no such room."),
    "room_full": ("この部屋は満員です。", "This room is full."),
    "too_many_circles": ("いまはこれ以上サークルを作れません。", "No more circles can be opened right now."),
    "too_many_circles_joined": ("同時に入れるサークルの数をこえています。どれかから出てから入ってね。",
                                "You are in as many circles as one visitor can be. Please leave one first."),
    "too_many_rooms": ("同時に入れる部屋の数をこえています。", "You are in as many rooms as one visitor can be."),
    "not_member": ("その部屋に入っていません。", "You are not in that room."),
    # limits
    "rate_limited": ("少し速すぎます。ひと呼吸おいてからもう一度どうぞ。", "That was a little fast. Please wait a moment and try again."),
    "internal": ("サーバーで問題が起きました。もう一度お試しください。", "Something went wrong on the server. Please try again."),
    # moderation (more in the moderation issue)
    "blocked": ("このメッセージは送れませんでした。", "This message could not be sent."),
    "blocked_personal_data": ("電話番号・メール・SNSのID・住所・学校名などは、自分を守るために送れないようになっています。",
                              "Phone numbers, e-mail, social media IDs, addresses and school names cannot be sent: this keeps you safe."),
    "blocked_ngword": ("その言葉は使えません。みんなが安心して話せるように協力してね。",
                       "That word cannot be used here. Please help everyone feel safe to talk."),
    "warned_language": ("言葉づかいに気をつけてね。くり返すとしばらく発言できなくなります。",
                        "Please mind your words. If it happens again you will not be able to post for a while."),
    "held": ("このメッセージはスタッフの確認後に表示されます。", "A staff member will look at this message before it is shown."),
    "muted": ("しばらくのあいだ発言できません。", "You cannot post for a while."),
    "unmuted": ("また発言できるようになりました。", "You can post again."),
    "slow_mode": ("この部屋はいまゆっくりモードです。少し待ってからどうぞ。", "This room is in slow mode. Please wait a little before posting again."),
    # Says nothing about who is inside: a refusal must not tell an adult which circles hold a minor.
    "age_mix": ("このサークルにはいま入れません。ほかのサークルをえらぶか、新しくつくってね。",
                "You cannot join this circle right now. Please choose another one or open a new one."),
    "staff_room": ("ここは会員団体のスタッフ専用の部屋です。ロビーやホールにどうぞ。",
                   "This room is for the staff of member organisations only. Please visit the lobby or a hall."),
    "meeting_invalid": ("会議の内容に直すところがあります(detail の項目)。", "The meeting has fields to fix (named in detail)."),
    "meeting_not_found": ("その会議は見つかりませんでした。", "No such meeting."),
    "breakout_open": ("グループに分かれている最中です。先に全員を戻してください。",
                      "The groups are already open. Bring everyone back first."),
    "breakout_nobody": ("会議室に会員(ホスト)がいないので、グループに分けられません。",
                        "No member (host) is in the meeting room, so there is no one to split."),
    "breakout_none": ("いまはグループに分かれていません。", "No breakout groups are open."),
    "notice_invalid": ("お知らせの見出しを書いてください。", "The notice needs a heading."),
    "nick_reserved": ("そのニックネームは使えません。スタッフと見分けがつかなくなる名前は選べないようになっています。",
                      "That nickname cannot be used: names that look like staff are reserved."),
    "age_band_locked": ("年代はあとから変えられません。まちがえて選んだときは、スタッフに相談してください。",
                        "Your age band cannot be changed later. If you chose the wrong one, please ask a staff member."),
    "room_locked": ("この部屋はいま入れません。", "This room is closed to new visitors right now."),
    "unauthorized": ("スタッフのトークンが必要です。", "A staff token is required."),
    "ws_only": ("この操作は /ws でだけ使えます。", "This action is only available over /ws."),
    "staff_only": ("スタッフだけが使える操作です。", "Only staff can do this."),
    "unknown_message": ("そのメッセージは見つかりません。", "That message was not found."),
    "bad_field": ("項目の値が正しくありません。", "A field has a value that cannot be used."),
    "report_target": ("通報するメッセージか人を選んでください。", "Please choose a message or a person to report."),
    "report_reason": ("通報の理由を選んでください。", "Please choose a reason for the report."),
    "support": ("話してくれてありがとう。このメッセージはほかの人には表示されず、スタッフだけが読みます。"
                "ひとりで抱えなくて大丈夫。いますぐ話せる相談先もあります。",
                "Thank you for telling us. This message is not shown to anyone else; only staff will read it. "
                "You don't have to carry this alone. Here are places you can talk to right now."),
    "support_invite": ("スタッフがあなたと話すための部屋を開きました。ここでの会話はあなたとスタッフだけが見られます。"
                       "話したくなければ、いつでも退出できます。",
                       "A staff member opened a room to talk with you. Only you and staff can see this conversation. "
                       "You can leave at any time."),
    "support_private": ("この部屋には入れません。", "You cannot enter this room."),
    "unknown_alert": ("そのアラートは見つからないか、もう対応済みです。", "That alert is not open (already handled, or unknown)."),
    "held_personal_data": ("個人情報かもしれないので、スタッフが確認するまで表示されません。",
                           "This may be personal information, so a staff member will check it before it is shown."),
    "held_safety": ("このメッセージはスタッフの確認後に表示されます。", "A staff member will look at this message before it is shown."),
    "blocked_harassment": ("人を傷つける言葉は送れません。みんなが安心して話せるように協力してね。",
                           "Words that hurt people cannot be sent. Please help everyone feel safe to talk."),
    "device_type": ("device の形式が正しくありません。", "device must be a string."),
    # booths
    "host_only": ("このブースの出展者だけができる操作です。", "Only this booth's hosts can do that."),
    "question_unknown": ("その質問は見つからないか、もう回答済みです。", "That question is not waiting (answered, dismissed or unknown)."),
    # handoffs (to the organisation's hosts)
    "handoff_new": ("新しいつなぎ(紹介・チケット)が届きました。", "A new handoff has arrived."),
    "handoff_cancelled": ("つなぎがキャンセルされました。", "A handoff was cancelled."),
    "handoff_expired": ("返事がないまま期限が過ぎたつなぎがあります。", "A handoff expired without an answer."),
    "handoff_consent_withdrawn": ("本人が情報の共有をとりやめました。共有された情報は削除されました。",
                                  "The visitor withdrew consent; what was shared has been deleted."),
    "handoff_accepted": ("つなぎを受け付けました。", "The handoff was accepted."),
    "handoff_rejected": ("つなぎをお断りしました。", "The handoff was declined."),
    "handoff_in-progress": ("チケットの方が来場しました。", "The visitor has arrived."),
    "handoff_on-hold": ("つなぎを保留にしました。", "The handoff is on hold."),
    "handoff_completed": ("つなぎが完了しました。", "The handoff is completed."),
    "handoff_failed": ("つなぎが実現しませんでした。", "The handoff did not work out."),
    # handoffs (to the visitor and the organisation): booths.referral, booths.tickets, booths.handoff_actions
    "service_unknown": ("そのサービスは見つかりませんでした。", "That service was not found."),
    "ticket_unknown": ("そのチケットは見つかりませんでした。", "That ticket was not found."),
    "handoff_unknown": ("そのつなぎは見つかりませんでした。", "No such handoff."),
    "handoff_not_yours": ("あなたの団体にはそのつなぎはありません。", "No such handoff in your organisation."),
    "no_referrals": ("ここは紹介を受け付けていません。チケットで直接行く方法を選べます。",
                     "This place does not take referrals. You can take a ticket and go by yourself."),
    "guardian_consent": ("保護者の同意がないため、紹介(連絡先の共有)はできません。チケットで直接行く方法を選べます。",
                         "Without a guardian's consent a referral (sharing your contact) is not possible. "
                         "You can take a ticket and go by yourself."),
    "already_holding": ("このサービスのチケットはもう持っています。", "You already hold a ticket for this service."),
    "full": ("この回は満席です。ほかの候補をご案内します。", "This session is full. Here are other places."),
    "nothing_shared": ("このチケットで共有している情報はありません。", "This ticket shares nothing."),
    "follow_up_answer": ("answer は {answers} のどれかにしてください。", "answer must be one of {answers}."),
    "unknown_action": ("その操作はありません。", "Unknown action."),
    "propose_needs_time": ("日時を提案するには proposed に日時を入れてください。", "propose needs a time (proposed)."),
    "not_redeemable": ("{status} のつなぎではチケットを受け付けられません。", "A {status} handoff cannot be redeemed."),
    "handoff_changed": ("そのあいだにつなぎが変わりました。もう一度確認してください。",
                        "The handoff changed meanwhile; please look again."),
    "status_unknown": ("{status} という状態はありません。", "Unknown status {status}."),
    "status_final": ("{status} のつなぎはもう変えられません。", "A {status} handoff cannot change any more."),
    "status_step": ("{current} から {target} には変えられません。", "{current} cannot become {target}."),
    "status_reason": ("{target} にするには理由 (reason) が必要です。", "{target} needs a reason."),
    # what a visitor's form or an organisation's request must look like (booths.handoff_input, server/http/handoff.py)
    "send_object": ("JSON のオブジェクトで送ってください。", "Send an object."),
    "send_code": ('{"code": ...} の形で送ってください。', 'Send {"code": ...}.'),
    "profile_object": ("プロフィールは JSON のオブジェクトで送ってください。", "Send the profile as an object."),
    "profile_terms": ("{key} は用語のリストにしてください。", "{key} must be a list of terms."),
    "profile_term": ("{key}: {term} という用語はありません。", "{key}: unknown term {term}."),
    "profile_time": ("{key} は 13:00 のような時刻にしてください。", "{key} must be a time such as 13:00."),
    "profile_age": ("age は 0〜120 の整数にしてください。", "age must be a whole number from 0 to 120."),
    "profile_age_band": ("age_band は {bands} のどれかにしてください。", "age_band must be one of {bands}."),
    "profile_municipality": ("municipality は 6 桁の市区町村コードにしてください。",
                             "municipality must be a 6-digit municipality code."),
    "profile_free": ('free は {days: ["SA", ...], start, end} のリストにしてください。',
                     'free must be a list of {days: ["SA", ...], start, end}.'),
    "profile_days": ("days は MO, TU, WE, TH, FR, SA, SU で指定してください。", "days are MO, TU, WE, TH, FR, SA, SU."),
    "profile_languages": ("languages は ja, en のような言語コードのリストにしてください。",
                          "languages must be a list of language codes such as ja, en."),
    "must_be_bool": ("{key} は true か false にしてください。", "{key} must be true or false."),
    "service_id_required": ("service_id を指定してください。", "service_id is required."),
    "mode_choice": ("mode は {modes} のどれかにしてください。", "mode must be one of {modes}."),
    "consent_object": ("consent は共有する項目のオブジェクトにしてください。",
                       "consent must be an object of the items to share."),
    "share_live_only": ("情報を共有できるのは紹介 (live_referral) のときだけです。", "Only a live referral shares anything."),
    "share_something": ("紹介では、本人が選んだニックネームか連絡先の少なくともどちらかを共有します。",
                        "A live referral shares at least a nickname or a contact, as the visitor chose."),
    "contact_shape": ("contact は {{channel: {channels}, value}} の形にしてください。",
                      "contact is {{channel: {channels}, value}}."),
    "proposed_time": ("proposed は ISO 8601 の日時にしてください。", "proposed must be an ISO 8601 date and time."),
    # limits at the HTTP edge (server/http/limits.py)
    "login_backoff": ("ログインの失敗が続いたため、しばらく待ってからもう一度どうぞ。",
                      "Too many failed logins. Please wait before trying again."),
    "busy": ("ただいま混み合っています。少し待ってからもう一度どうぞ。",
             "The server is busy. Please try again in a moment."),
    "code_lookups": ("チケット番号の確認が多すぎます。少し待ってからもう一度どうぞ。",
                     "Too many ticket lookups from your network. Please wait a little."),
    "ticket_limit": ("このネットワークからのチケットの申し込みが多すぎます。時間をおいてもう一度どうぞ。",
                     "Too many tickets were requested from your network. Please try again later."),
    "json_required": ("Content-Type: application/json で送ってください。",
                      "Send the body as Content-Type: application/json."),
    "origin_not_allowed": ("このページからは申し込めません。", "Requests from this page's origin are not accepted."),
    # directory API
    "bad_query": ("検索の条件が正しくありません。", "A search parameter has a value that cannot be used."),
    "not_found": ("見つかりませんでした。", "Not found."),
    # NPO–company matching (issue 16)
    "members_only": ("会員団体の出展者(ホスト)か事務局(管理者)のログインが必要です。",
                     "A host of a member organisation or an admin must be signed in."),
    "listing_not_yours": ("自分の団体のニーズ・提供だけを登録・編集できます。",
                          "Hosts write needs and offers of their own organisation only."),
    "listing_invalid": ("ニーズ・提供の内容に直すところがあります(detail の項目)。",
                        "The need or offer has fields to fix (named in detail)."),
    "intro_listing": ("そのニーズまたは提供は見つかりませんでした。", "No such need or offer."),
    "intro_not_fit": ("この組み合わせはマッチングの条件(種類・地域・期間)に合いません。",
                      "This need and offer do not fit (kind, area or period), so no introduction can be asked."),
    "intro_exists": ("この組み合わせの紹介はすでに進行中です。", "An introduction for this need and offer is already open."),
    "intro_unknown": ("その紹介は見つかりませんでした。", "No such introduction."),
    "intro_changed": ("ほかの人が先に応答しました。読み直してください。", "Someone answered meanwhile; reload it."),
    "intro_not_yours": ("この操作は、相手側・依頼側・事務局のうち決まった人だけができます。",
                        "This step belongs to another party of the introduction."),
    "intro_action": ("その操作はありません。", "There is no such step."),
    "intro_reason": ("理由は200文字までです。", "The reason is limited to 200 characters."),
    "intro_contact": ("連絡先(名前と、メールアドレスか電話番号)を確かめてください。",
                      "Check the contact person: a name, and an e-mail address or a phone number."),
    "import_refused": ("ファイルを読み込めませんでした。何も取り込んでいません。", "The file could not be read; nothing was imported."),
    "admin_only": ("管理者のトークンが必要です。", "An admin token is required."),
    "member_only": ("掲載内容の確認は、その団体の出展者(ホスト)だけができます。",
                    "Only a host of the organisation can confirm its listing."),
    # the secretariat: applications and staff accounts (issue 15)
    "target_field": ("目標の項目に直すところがあります(detail の項目)。率は 0 から 1、期限は実在する日付です。",
                     "A field of the target cannot be used (named in detail). A rate is between 0 and 1; the "
                     "deadline is a real date."),
    "no_target": ("この指標には目標が設定されていません。", "This measure has no target."),
    "campaign_field": ("キャンペーンの項目に直すところがあります(detail の項目)。コードは英小文字・数字・ハイフンの 3〜32 文字です。",
                       "A field of the campaign cannot be used (named in detail). A code is 3 to 32 lower-case "
                       "letters, digits and hyphens."),
    "campaign_taken": ("このキャンペーンコードはもう登録されています。", "This campaign code is registered already."),
    "application_field": ("申し込みの項目に直すところがあります(detail の項目)。",
                          "A field of the application cannot be used (named in detail)."),
    "contact_required": ("担当者のメールアドレスか電話番号のどちらかを入れてください。",
                         "Give the contact person's e-mail address or phone number."),
    "bad_corporate_number": ("法人番号は13桁で、先頭のチェック用の数字が合っている必要があります。",
                             "The corporate number (法人番号) must be 13 digits with a valid check digit."),
    "bad_municipality": ("市区町村コードは一覧にある6桁のコードで選んでください。",
                         "Choose municipalities by their 6-digit codes from the list."),
    "application_not_found": ("その申し込みは見つかりませんでした。", "No such application."),
    "application_decided": ("この申し込みはもう決まっています。", "This application has already been decided."),
    "application_not_asked": ("事務局から修正の依頼がないため、送り直せません。", "The secretariat has not asked for changes, so the form cannot be sent again."),
    "note_required": ("差し戻しと不承認には、理由(メモ)が必要です。", "Asking for changes or declining needs a note (the reason)."),
    "username_taken": ("そのユーザー名はもう使われています。", "That username is taken."),
    "bad_username": ("ユーザー名は英小文字・数字・. _ - で3〜32文字にしてください。",
                     "Usernames are 3-32 characters of a-z, 0-9, '.', '_' or '-'."),
    "bad_account": ("アカウントを作れませんでした(detail の理由)。", "The account could not be made (see detail)."),
    "organization_unknown": ("出展者アカウントには、登録済みの団体が必要です。", "A host account needs an organisation that exists."),
    "organization_only_hosts": ("団体に属するのは出展者アカウントだけです。", "Only host accounts belong to an organisation."),
    "account_not_found": ("そのアカウントは見つかりませんでした。", "No such account."),
    "own_account": ("自分のアカウントは停止できません。", "You cannot disable your own account."),
    "weak_password": ("パスワードは12文字以上にしてください。", "Passwords are at least 12 characters."),
    "bad_code": ("このコードは使えません(使用済み・期限切れ・入力ちがい)。事務局に新しいコードを頼んでください。",
                 "This code cannot be used (already used, expired or mistyped). Ask the secretariat for a new one."),
    # an event's public page (server/http/event_page.py)
    "event_when": ("日時", "When"),
    "event_all_day": ("終日(時間は主催者に確認してください)", "All day (check the times with the organiser)"),
    "event_where": ("場所", "Where"),
    "event_online": ("オンライン", "Online"),
    "event_festival": ("オンラインフェスのブースで", "In the booth at the online festival"),
    "event_organizer": ("主催", "Organiser"),
    "event_fee": ("参加費", "Fee"),
    "event_capacity": ("定員", "Places"),
    "event_capacity_n": ("{n}人", "{n} people"),
    "event_note": ("日時について", "About the dates"),
    "event_phone": ("電話", "Phone"),
    "event_more": ("くわしく(主催者のページ)", "More (the organiser's page)"),
    "event_back": ("つながるのトップへ", "Back to Tsunagaru"),
    "event_missing": ("このイベントは見つかりませんでした。日時が変わったか、終わった可能性があります。",
                      "This event could not be found. Its date may have changed, or it has ended."),
    # good-practice cases (issue 16)
    "case_invalid": ("好事例の内容に直すところがあります。", "The case has fields to fix."),
    "case_not_yours": ("自分の団体の好事例だけを登録・編集できます。", "Hosts submit and edit cases of their own organisation only."),
    "case_publish": ("公開は事務局(管理者)が行います。", "Only the secretariat (admins) publishes or changes a published case."),
    "case_conflict": ("ほかの人が先に保存しました。読み直してから保存してください。", "Someone saved this case meanwhile; reload it first."),
    "case_problem": ("課題", "The problem"),
    "case_action": ("取り組み", "What was done"),
    "case_outcome": ("変化・成果", "What changed"),
    "case_figures": ("数字で見る", "In figures"),
    "case_period": ("期間", "Period"),
    "case_ongoing": ("継続中", "ongoing"),
    "case_where": ("自治体", "Municipalities"),
    "case_who": ("取り組んだ団体", "Member organisations"),
    "case_themes": ("テーマ", "Themes"),
    "case_transfer": ("ほかの自治体での取り入れやすさ", "How easily another municipality could copy it"),
    "case_licence": ("この文章のライセンス", "Licence of this text"),
    "case_list": ("好事例の一覧へ", "All good practices"),
    "case_list_title": ("好事例", "Good practices"),
    "case_search_q": ("ことば", "Words"),
    "case_search": ("さがす", "Search"),
    "case_count": ("{n}件", "{n} cases"),
    "case_more": ("つぎの20件", "Next 20"),
    "case_missing": ("この好事例は見つかりませんでした。", "This case could not be found."),
    "case_at_festival": ("フェスティバルの好事例ホールで見る（団体のブースへも行けます）",
                         "See it in the festival's good-practice hall (and visit the organisation's booth)"),
    # notices
    "unavailable": ("いま一時的に送れません。少しして自動でつながり直します。", "This could not be done right now; the service is reconnecting."),
    "degraded": ("いま一時的につながりにくくなっています。そのままお待ちください。", "The service is having trouble right now. Please stay; it will recover."),
    "restored": ("つながりが戻りました。", "The service is back to normal."),
    # mail: a new member's first sign-in code (server/mail.py); {names} are filled in
    "code_mail_subject": ("つながる 会員ページのサインインコード", "Tsunagaru: your sign-in code for the member page"),
    "code_mail_body": (
        "入会申込が承認されました。\n\n会員ページ: {url}\nユーザー名: {username}\nサインインコード: {code}\n"
        "有効期限: {until_ja} まで（1回だけ使えます）\n\n"
        "会員ページの「はじめてのサインイン」を開いてコードを入れ、パスワードを決めてください。"
        "このメールに心当たりがないときは、事務局にお知らせください。",
        "Your membership application was approved.\n\nMember page: {url}\nUsername: {username}\n"
        "Sign-in code: {code}\nValid until: {until_en} (it works once)\n\n"
        "On the member page, open \"First sign-in\", enter the code and choose a password. "
        "If you did not expect this e-mail, please tell the secretariat."),
    "draining": ("サーバーの入れ替え中です。すぐにつながり直します。", "The server is restarting; you will be reconnected shortly."),
}


def say(reason: str, lang: str, values: Mapping[str, str] | None = None) -> str:
    """The sentence `reason` in `lang`; `values` fill its `{names}` (a sentence without values is left as written)."""
    ja, en = TEXTS.get(reason, TEXTS["internal"])
    text = en if lang == "en" else ja
    return text.format_map(values) if values else text


def message_of(refused: Refused, lang: str) -> str:
    """The `message` of the `error` that answers a refusal."""
    return say(refused.reason, lang, refused.values)


def error_of(refused: Refused, lang: str) -> dict[str, Any]:
    """A refusal as the body of an `error` (over /ws) or of `{"error": ...}` (over HTTP): code, message, extra fields."""
    return {"code": refused.code, "message": message_of(refused, lang), **refused.extra}

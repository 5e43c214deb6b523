package practice

import "tramhocso/app/vnformat"

// Error codes the engine itself gives (the vnformat package gives the
// cccd.*, phone.*, name.*, password.*, passcode.*, date.* and email.* ones).
// They are stable: packs refer to them in `messages`.
const (
	CodeRequired          = "field.required"
	CodeMustCheck         = "field.must_check"
	CodeWrongType         = "answer.wrong_type"
	CodeUnknownField      = "answer.unknown_field"
	CodeOptionUnknown     = "option.unknown"
	CodeNumber            = "number.not_number"
	CodeNumberSmall       = "number.too_small"
	CodeNumberLarge       = "number.too_large"
	CodeTextShort         = "text.too_short"
	CodeTextLong          = "text.too_long"
	CodeTextPattern       = "text.pattern"
	CodeDateBeforeOther   = "date.before_other"
	CodeDateAfterOther    = "date.after_other"
	CodeMatchDifferent    = "match.different"
	CodeOTPLength         = "otp.length"
	CodeOTPWrong          = "otp.wrong"
	CodeSearchWrong       = "search.wrong_result"
	CodeUploadWrong       = "upload.wrong_document"
	CodeReceiptWrong      = "receipt.wrong"
	CodeProvinceUnknown   = "address.province_unknown"
	CodeCommuneRequired   = "address.commune_required"
	CodeCommuneUnknown    = "address.commune_unknown"
	CodeDetailRequired    = "address.detail_required"
	CodeRepeatTooFew      = "repeat.too_few"
	CodeRepeatTooMany     = "repeat.too_many"
	CodePracticeFinished  = "practice.finished"
	CodeStepNotVisited    = "practice.step_not_visited"
	CodeNotFromReview     = "practice.not_from_review"
	CodeNotChangeable     = "practice.not_changeable"
	CodeCannotGoBack      = "practice.cannot_go_back"
	CodeUnknownStep       = "practice.unknown_step"
	CodeWrongStep         = "practice.wrong_step"
	CodeCorruptProgress   = "practice.corrupt"
	CodeUnknownHelpTarget = "practice.unknown_help"
	CodePasscodeWrong     = "passcode.wrong"
	CodeCardsTooFew       = "cards.too_few"
	CodeCardsTooMany      = "cards.too_many"
	CodeQuizWrong         = "quiz.wrong"
)

var engineMessages = map[string]Text{
	CodeRequired:          {"Vui lòng điền mục này.", "Please fill this in."},
	CodeMustCheck:         {"Vui lòng đánh dấu vào ô này để tiếp tục.", "Please tick this box to continue."},
	CodeWrongType:         {"Thông tin gửi lên không đúng dạng. Vui lòng nhập lại.", "What was sent is not in the right form. Please enter it again."},
	CodeUnknownField:      {"Trang này không có mục đó.", "This page has no such field."},
	CodeOptionUnknown:     {"Vui lòng chọn một trong các lựa chọn có sẵn.", "Please choose one of the options shown."},
	CodeNumber:            {"Vui lòng chỉ nhập chữ số, ví dụ 2.", "Please enter digits only, for example 2."},
	CodeNumberSmall:       {"Số này nhỏ quá. Vui lòng kiểm tra lại.", "This number is too small. Please check it."},
	CodeNumberLarge:       {"Số này lớn quá. Vui lòng kiểm tra lại.", "This number is too large. Please check it."},
	CodeTextShort:         {"Nội dung ngắn quá. Vui lòng ghi đầy đủ.", "This is too short. Please write it in full."},
	CodeTextLong:          {"Nội dung dài quá. Vui lòng ghi ngắn gọn hơn.", "This is too long. Please shorten it."},
	CodeTextPattern:       {"Nội dung chưa đúng mẫu. Vui lòng xem ví dụ.", "This is not in the expected form. Please look at the example."},
	CodeDateBeforeOther:   {"Ngày này không thể trước ngày ở mục liên quan. Vui lòng kiểm tra lại.", "This date cannot be before the related date. Please check it."},
	CodeDateAfterOther:    {"Ngày này không thể sau ngày ở mục liên quan. Vui lòng kiểm tra lại.", "This date cannot be after the related date. Please check it."},
	CodeMatchDifferent:    {"Hai lần nhập chưa giống nhau. Vui lòng nhập lại cho giống.", "The two entries are not the same. Please type it again the same way."},
	CodeOTPLength:         {"Mã OTP gồm 6 chữ số. Vui lòng xem tin nhắn trên màn hình.", "The OTP code has 6 digits. Please look at the message on the screen."},
	CodeOTPWrong:          {"Mã OTP chưa đúng. Vui lòng nhập đúng 6 số trong tin nhắn.", "The OTP code is not right. Please type the 6 digits from the message."},
	CodeSearchWrong:       {"Đây chưa phải thủ tục cần tìm. Vui lòng đọc kỹ tên thủ tục và chọn lại.", "This is not the procedure you need. Please read the names carefully and choose again."},
	CodeUploadWrong:       {"Giấy tờ này chưa đúng. Vui lòng chọn đúng loại giấy tờ được yêu cầu.", "This is not the document asked for. Please choose the right one."},
	CodeReceiptWrong:      {"Mã hồ sơ chưa đúng. Vui lòng nhập đúng mã đã nhận khi nộp hồ sơ.", "The application code is not right. Please type the code you got when you submitted."},
	CodeProvinceUnknown:   {"Vui lòng chọn tỉnh, thành phố trong danh sách.", "Please choose a province or city from the list."},
	CodeCommuneRequired:   {"Vui lòng chọn hoặc ghi xã, phường.", "Please choose or write the commune or ward."},
	CodeCommuneUnknown:    {"Xã, phường này không có trong danh sách của tỉnh đã chọn.", "This commune or ward is not in the list for the chosen province."},
	CodeDetailRequired:    {"Vui lòng ghi số nhà, tên đường hoặc thôn, tổ dân phố.", "Please write the house number and street, or the village or residential group."},
	CodeRepeatTooFew:      {"Vui lòng thêm đủ số dòng cần thiết.", "Please add enough rows."},
	CodeRepeatTooMany:     {"Có nhiều dòng quá. Vui lòng bớt dòng thừa.", "There are too many rows. Please remove the extra ones."},
	CodePracticeFinished:  {"Bài luyện tập này đã xong.", "This practice is finished."},
	CodeStepNotVisited:    {"Chỉ có thể sửa bước đã làm.", "You can only change a step you have done."},
	CodeNotFromReview:     {"Chỉ có thể chọn bước để sửa từ trang kiểm tra thông tin.", "You can choose a step to change only from the check-your-answers page."},
	CodeNotChangeable:     {"Bước này không có thông tin để sửa.", "This step has nothing to change."},
	CodeCannotGoBack:      {"Không thể quay lại bước trước ở đây.", "You cannot go back from here."},
	CodeUnknownStep:       {"Không có bước này.", "There is no such step."},
	CodeWrongStep:         {"Trang này đã cũ. Màn hình sẽ hiện bước hiện tại.", "This page is out of date. The screen will show the current step."},
	CodeCorruptProgress:   {"Không đọc được bài luyện tập này. Vui lòng bắt đầu lại.", "This practice cannot be read. Please start again."},
	CodeUnknownHelpTarget: {"Trang này không có mục đó.", "This page has no such field."},
	CodePasscodeWrong:     {"Mã passcode chưa đúng. Vui lòng nhập đúng 6 số mã passcode.", "The passcode is not right. Please type the 6 digits of the passcode."},
	CodeCardsTooFew:       {"Vui lòng chọn thêm: chưa đủ số lựa chọn cần thiết.", "Please choose more: not enough choices yet."},
	CodeCardsTooMany:      {"Có nhiều lựa chọn quá. Vui lòng bỏ bớt.", "There are too many choices. Please remove some."},
	CodeQuizWrong:         {"Chưa đúng. Vui lòng đọc lại và chọn lại.", "Not quite. Please read it again and choose again."},
}

// Message returns the default words for an error code: the engine's own, or
// vnformat's, or a general "please check" for an unknown code.
func Message(code string) Text {
	if m, ok := engineMessages[code]; ok {
		return m
	}
	return Text{VI: vnformat.Message(code, vnformat.LangVI), EN: vnformat.Message(code, vnformat.LangEN)}
}

// Codes lists every error code the engine can give, its own and vnformat's.
func Codes() []string {
	out := vnformat.AllCodes()
	for c := range engineMessages {
		out = append(out, c)
	}
	return out
}

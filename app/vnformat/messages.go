package vnformat

import "sort"

// Languages understood by Message. Anything else falls back to Vietnamese.
const (
	LangVI = "vi"
	LangEN = "en"
)

// Error codes. They are part of the API: practice packs and the engine refer to
// them by string, so never rename one; add a new code instead.
const (
	// Citizen ID number (CCCD / số định danh cá nhân).
	CodeCCCDEmpty              = "cccd.empty"
	CodeCCCDNotDigits          = "cccd.not_digits"
	CodeCCCDLength             = "cccd.length"
	CodeCCCDProvinceUnknown    = "cccd.province_unknown"
	CodeCCCDCenturyUnsupported = "cccd.century_unsupported"
	CodeCCCDBirthFuture        = "cccd.birth_future"
	CodeCCCDCenturyMismatch    = "cccd.century_mismatch"
	CodeCCCDYearMismatch       = "cccd.year_mismatch"
	CodeCCCDSexMismatch        = "cccd.sex_mismatch"

	// Mobile phone number.
	CodePhoneEmpty     = "phone.empty"
	CodePhoneNotDigits = "phone.not_digits"
	CodePhoneCountry   = "phone.country"
	CodePhoneLandline  = "phone.landline"
	CodePhoneOldPrefix = "phone.old_prefix"
	CodePhoneStart     = "phone.start"
	CodePhoneLength    = "phone.length"
	CodePhonePrefix    = "phone.prefix"

	// Full name in capitals with full diacritics.
	CodeNameEmpty             = "name.empty"
	CodeNameDigit             = "name.digit"
	CodeNameSymbol            = "name.symbol"
	CodeNameLetter            = "name.letter"
	CodeNameLower             = "name.lower"
	CodeNameDoubleSpace       = "name.double_space"
	CodeNameEdgeSpace         = "name.edge_space"
	CodeNameMissingDiacritics = "name.missing_diacritics" // a warning: see MissingDiacritics

	// VNeID password and passcode.
	CodePasswordTooShort  = "password.too_short"
	CodePasswordTooLong   = "password.too_long"
	CodePasswordNoUpper   = "password.no_upper"
	CodePasswordNoLower   = "password.no_lower"
	CodePasswordNoDigit   = "password.no_digit"
	CodePasswordNoSpecial = "password.no_special"
	CodePasswordSpace     = "password.space"
	CodePasswordNonASCII  = "password.non_ascii"
	CodePasscodeNotDigits = "passcode.not_digits"
	CodePasscodeLength    = "passcode.length"
	CodePasscodeRepeated  = "passcode.repeated"
	CodePasscodeSequence  = "passcode.sequence"

	// Dates.
	CodeDateEmpty       = "date.empty"
	CodeDateFormat      = "date.format"
	CodeDateYearFormat  = "date.year_format"
	CodeDateMonthRange  = "date.month_range"
	CodeDateDayRange    = "date.day_range"
	CodeDateFuture      = "date.future"
	CodeDatePast        = "date.past"
	CodeDateTooLongAgo  = "date.too_long_ago"
	CodeDateTooFarAhead = "date.too_far_ahead"
	CodeDateAgeTooYoung = "date.age_too_young"
	CodeDateAgeTooOld   = "date.age_too_old"

	// Email address.
	CodeEmailEmpty       = "email.empty"
	CodeEmailNonASCII    = "email.non_ascii"
	CodeEmailAt          = "email.at"
	CodeEmailFormat      = "email.format"
	CodeEmailDisplayName = "email.display_name"
	CodeEmailDomain      = "email.domain"
)

type message struct{ vi, en string }

// messages is a constant table: never written after initialisation.
var messages = map[string]message{
	CodeCCCDEmpty: {
		"Vui lòng nhập số định danh cá nhân (12 chữ số in trên thẻ căn cước).",
		"Please enter the personal ID number (the 12 digits printed on the citizen ID card).",
	},
	CodeCCCDNotDigits: {
		"Số định danh cá nhân chỉ gồm các chữ số từ 0 đến 9. Vui lòng xoá chữ cái hoặc dấu câu.",
		"The personal ID number has only the digits 0 to 9. Please remove any letters or punctuation.",
	},
	CodeCCCDLength: {
		"Số định danh cá nhân cần đủ 12 chữ số. Vui lòng đếm lại và so với thẻ căn cước.",
		"The personal ID number has exactly 12 digits. Please count again and compare with the ID card.",
	},
	CodeCCCDProvinceUnknown: {
		"Ba số đầu của số định danh không đúng mã tỉnh, thành phố nào. Vui lòng kiểm tra lại ba số đầu.",
		"The first three digits do not match any province code. Please check the first three digits.",
	},
	CodeCCCDCenturyUnsupported: {
		"Chữ số thứ tư của số định danh không đúng. Vui lòng kiểm tra lại trên thẻ căn cước.",
		"The fourth digit of the ID number is not right. Please check it on the ID card.",
	},
	CodeCCCDBirthFuture: {
		"Số định danh này ứng với một năm sinh chưa tới. Vui lòng kiểm tra lại chữ số thứ 4, 5 và 6.",
		"This ID number points to a birth year that has not come yet. Please check the 4th, 5th and 6th digits.",
	},
	CodeCCCDCenturyMismatch: {
		"Số định danh không khớp với thế kỷ của năm sinh (chữ số thứ tư). Vui lòng kiểm tra lại số định danh hoặc ngày sinh.",
		"The ID number does not match the century of the birth year (the fourth digit). Please check the ID number or the date of birth.",
	},
	CodeCCCDYearMismatch: {
		"Số định danh không khớp với năm sinh (chữ số thứ 5 và 6). Vui lòng kiểm tra lại số định danh hoặc ngày sinh.",
		"The ID number does not match the year of birth (the 5th and 6th digits). Please check the ID number or the date of birth.",
	},
	CodeCCCDSexMismatch: {
		"Số định danh không khớp với giới tính đã chọn (chữ số thứ tư). Vui lòng kiểm tra lại số định danh hoặc giới tính.",
		"The ID number does not match the sex chosen (the fourth digit). Please check the ID number or the sex.",
	},

	CodePhoneEmpty: {
		"Vui lòng nhập số điện thoại di động.",
		"Please enter a mobile phone number.",
	},
	CodePhoneNotDigits: {
		"Số điện thoại chỉ gồm các chữ số. Vui lòng xoá chữ cái hoặc ký hiệu khác.",
		"A phone number has only digits. Please remove any letters or other signs.",
	},
	CodePhoneCountry: {
		"Chỉ nhận số điện thoại Việt Nam (bắt đầu bằng 0 hoặc +84).",
		"Only Vietnamese phone numbers are accepted (starting with 0 or +84).",
	},
	CodePhoneLandline: {
		"Đây là số máy bàn. Vui lòng nhập số điện thoại di động để nhận mã xác thực qua tin nhắn.",
		"This is a landline number. Please enter a mobile number so the code can be sent by text message.",
	},
	CodePhoneOldPrefix: {
		"Số 11 chữ số (bắt đầu bằng 01) đã được đổi sang số 10 chữ số từ năm 2018. Vui lòng nhập số mới.",
		"11-digit numbers (starting with 01) were changed to 10 digits in 2018. Please enter the new number.",
	},
	CodePhoneStart: {
		"Số điện thoại di động bắt đầu bằng số 0, ví dụ 0912 345 678.",
		"A mobile number starts with 0, for example 0912 345 678.",
	},
	CodePhoneLength: {
		"Số điện thoại di động cần đủ 10 chữ số. Vui lòng đếm lại.",
		"A mobile number has 10 digits. Please count again.",
	},
	CodePhonePrefix: {
		"Đầu số này không phải số di động Việt Nam. Vui lòng kiểm tra lại ba số đầu.",
		"This is not a Vietnamese mobile prefix. Please check the first three digits.",
	},

	CodeNameEmpty: {
		"Vui lòng nhập họ và tên.",
		"Please enter the full name.",
	},
	CodeNameDigit: {
		"Họ và tên không có chữ số. Vui lòng xoá các chữ số.",
		"A name has no digits. Please remove the digits.",
	},
	CodeNameSymbol: {
		"Họ và tên chỉ gồm chữ cái và dấu cách. Vui lòng xoá các ký hiệu khác.",
		"A name has only letters and spaces. Please remove any other signs.",
	},
	CodeNameLetter: {
		"Có chữ cái không thuộc tiếng Việt. Vui lòng viết họ tên bằng chữ tiếng Việt.",
		"There is a letter that is not used in Vietnamese. Please write the name in Vietnamese letters.",
	},
	CodeNameLower: {
		"Họ và tên cần viết IN HOA toàn bộ, ví dụ NGUYỄN VĂN AN.",
		"Write the whole name in CAPITAL letters, for example NGUYỄN VĂN AN.",
	},
	CodeNameDoubleSpace: {
		"Giữa hai chữ chỉ cần một dấu cách. Vui lòng xoá dấu cách thừa.",
		"Only one space is needed between words. Please remove the extra space.",
	},
	CodeNameEdgeSpace: {
		"Có dấu cách thừa ở đầu hoặc cuối họ tên. Vui lòng xoá đi.",
		"There is an extra space at the start or end of the name. Please remove it.",
	},
	CodeNameMissingDiacritics: {
		"Họ tên có thể đang thiếu dấu (ví dụ NGUYEN thay vì NGUYỄN). Vui lòng viết đủ dấu như trên thẻ căn cước.",
		"The name may be missing its accent marks (for example NGUYEN instead of NGUYỄN). Please write all the marks as on the ID card.",
	},

	CodePasswordTooShort: {
		"Mật khẩu cần có ít nhất 8 ký tự.",
		"The password needs at least 8 characters.",
	},
	CodePasswordTooLong: {
		"Mật khẩu chỉ được dài tối đa 20 ký tự.",
		"The password can be at most 20 characters long.",
	},
	CodePasswordNoUpper: {
		"Mật khẩu cần có ít nhất một chữ IN HOA (A–Z).",
		"The password needs at least one CAPITAL letter (A–Z).",
	},
	CodePasswordNoLower: {
		"Mật khẩu cần có ít nhất một chữ thường (a–z).",
		"The password needs at least one small letter (a–z).",
	},
	CodePasswordNoDigit: {
		"Mật khẩu cần có ít nhất một chữ số (0–9).",
		"The password needs at least one digit (0–9).",
	},
	CodePasswordNoSpecial: {
		"Mật khẩu cần có ít nhất một ký tự đặc biệt, ví dụ @ # $ ! hoặc *.",
		"The password needs at least one special character, for example @ # $ ! or *.",
	},
	CodePasswordSpace: {
		"Mật khẩu không được có dấu cách.",
		"The password cannot contain spaces.",
	},
	CodePasswordNonASCII: {
		"Mật khẩu chỉ dùng chữ không dấu. Vui lòng tắt bộ gõ tiếng Việt khi nhập mật khẩu.",
		"Use letters without accent marks in the password. Please turn off Vietnamese typing while entering it.",
	},
	CodePasscodeNotDigits: {
		"Mã passcode chỉ gồm chữ số.",
		"The passcode has only digits.",
	},
	CodePasscodeLength: {
		"Mã passcode cần đúng 6 chữ số.",
		"The passcode has exactly 6 digits.",
	},
	CodePasscodeRepeated: {
		"Mã passcode quá dễ đoán (các số lặp lại, ví dụ 000000 hoặc 121212). Vui lòng chọn dãy số khác.",
		"This passcode is too easy to guess (repeated digits, such as 000000 or 121212). Please choose other digits.",
	},
	CodePasscodeSequence: {
		"Mã passcode quá dễ đoán (các số liên tiếp, ví dụ 123456). Vui lòng chọn dãy số khác.",
		"This passcode is too easy to guess (digits in a row, such as 123456). Please choose other digits.",
	},

	CodeDateEmpty: {
		"Vui lòng nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/09/1960.",
		"Please enter a date as day/month/year, for example 05/09/1960.",
	},
	CodeDateFormat: {
		"Ngày cần viết theo dạng ngày/tháng/năm, ví dụ 05/09/1960.",
		"Write the date as day/month/year, for example 05/09/1960.",
	},
	CodeDateYearFormat: {
		"Năm cần viết đủ 4 chữ số, ví dụ 1960.",
		"Write the year with 4 digits, for example 1960.",
	},
	CodeDateMonthRange: {
		"Tháng phải từ 1 đến 12. Vui lòng kiểm tra lại tháng.",
		"The month must be from 1 to 12. Please check the month.",
	},
	CodeDateDayRange: {
		"Tháng này không có ngày đó (ví dụ tháng 2 chỉ có 28 hoặc 29 ngày). Vui lòng kiểm tra lại ngày.",
		"That month has no such day (for example February has only 28 or 29 days). Please check the day.",
	},
	CodeDateFuture: {
		"Ngày này chưa tới. Vui lòng kiểm tra lại, nhất là năm.",
		"This date has not come yet. Please check it, especially the year.",
	},
	CodeDatePast: {
		"Ngày này đã qua. Vui lòng chọn hôm nay hoặc một ngày sắp tới.",
		"This date has already passed. Please choose today or a day ahead.",
	},
	CodeDateTooLongAgo: {
		"Ngày này đã quá lâu so với thời hạn cho phép. Vui lòng kiểm tra lại.",
		"This date is further back than the time allowed. Please check it.",
	},
	CodeDateTooFarAhead: {
		"Ngày này quá xa so với thời hạn cho phép. Vui lòng chọn ngày gần hơn.",
		"This date is further ahead than allowed. Please choose an earlier day.",
	},
	CodeDateAgeTooYoung: {
		"Người này chưa đủ tuổi cho thủ tục này. Vui lòng kiểm tra lại ngày sinh.",
		"This person is not old enough for this procedure. Please check the date of birth.",
	},
	CodeDateAgeTooOld: {
		"Người này đã quá độ tuổi của thủ tục này. Vui lòng kiểm tra lại ngày sinh.",
		"This person is older than this procedure allows. Please check the date of birth.",
	},

	CodeEmailEmpty: {
		"Vui lòng nhập địa chỉ thư điện tử (email).",
		"Please enter an email address.",
	},
	CodeEmailNonASCII: {
		"Địa chỉ email không có dấu tiếng Việt. Vui lòng tắt bộ gõ tiếng Việt và nhập lại.",
		"An email address has no Vietnamese accent marks. Please turn off Vietnamese typing and enter it again.",
	},
	CodeEmailAt: {
		"Địa chỉ email cần có đúng một dấu @, ví dụ ten.cua.ban@gmail.com.",
		"An email address has exactly one @ sign, for example your.name@gmail.com.",
	},
	CodeEmailFormat: {
		"Địa chỉ email chưa đúng dạng, ví dụ ten.cua.ban@gmail.com. Vui lòng kiểm tra lại.",
		"The email address is not in the right form, for example your.name@gmail.com. Please check it.",
	},
	CodeEmailDisplayName: {
		"Chỉ cần nhập địa chỉ email, không cần kèm tên, ví dụ ten.cua.ban@gmail.com.",
		"Enter only the email address, without a name, for example your.name@gmail.com.",
	},
	CodeEmailDomain: {
		"Phần sau dấu @ chưa đúng, ví dụ gmail.com. Vui lòng kiểm tra lại.",
		"The part after the @ sign is not right; it looks like gmail.com. Please check it.",
	},
}

var unknownMessage = message{
	"Thông tin này chưa đúng. Vui lòng kiểm tra lại hoặc nhờ cán bộ hướng dẫn.",
	"This is not quite right. Please check it or ask a staff member for help.",
}

// Message returns a plain, kind default message for code in lang ("vi" or
// "en"; anything else gives Vietnamese). An unknown code gets a general
// "please check this" message rather than an empty string.
func Message(code, lang string) string {
	m, ok := messages[code]
	if !ok {
		m = unknownMessage
	}
	if lang == LangEN {
		return m.en
	}
	return m.vi
}

// AllCodes returns every code this package can return, sorted, so the engine
// can check that its own message table covers them.
func AllCodes() []string {
	out := make([]string, 0, len(messages))
	for c := range messages {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

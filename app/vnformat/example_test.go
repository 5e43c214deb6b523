package vnformat_test

import (
	"errors"
	"fmt"
	"time"

	"tramhocso/app/vnformat"
)

func ExampleParseCCCD() {
	c, err := vnformat.ParseCCCD("001 099 012 345")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Number, c.ProvinceCode, c.ProvinceName, c.Sex, c.BirthYear)
	fmt.Println(c.Formatted())

	_, err = vnformat.ParseCCCD("00109901234")
	var verr *vnformat.Error
	if errors.As(err, &verr) {
		fmt.Println(verr.Code)
		fmt.Println(vnformat.Message(verr.Code, vnformat.LangVI))
	}
	// Output:
	// 001099012345 001 Hà Nội male 1999
	// 001 099 012 345
	// cccd.length
	// Số định danh cá nhân cần đủ 12 chữ số. Vui lòng đếm lại và so với thẻ căn cước.
}

func ExampleCheckCCCDConsistency() {
	c, _ := vnformat.ParseCCCD("079305000001") // a woman born in 2005
	err := vnformat.CheckCCCDConsistency(c, vnformat.Date{Year: 1905, Month: time.March, Day: 8}, vnformat.SexMale)
	fmt.Println(vnformat.Codes(err))
	// Output:
	// [cccd.century_mismatch cccd.sex_mismatch]
}

func ExampleNormalizePhone() {
	for _, in := range []string{"0912.345.678", "(+84) 912 345 678", "024 3825 3535", "0123 456 7890"} {
		n, err := vnformat.NormalizePhone(in)
		fmt.Printf("%q → %q %v\n", in, n, vnformat.Codes(err))
	}
	// Output:
	// "0912.345.678" → "0912345678" []
	// "(+84) 912 345 678" → "0912345678" []
	// "024 3825 3535" → "" [phone.landline]
	// "0123 456 7890" → "" [phone.old_prefix]
}

func ExampleCheckUpperVietnamese() {
	name := "nguyễn  văn an"
	fmt.Println(vnformat.Codes(vnformat.CheckUpperVietnamese(name)))
	fixed := vnformat.UpperVietnamese(name)
	fmt.Println(fixed, vnformat.CheckUpperVietnamese(fixed))
	fmt.Println(vnformat.MissingDiacritics("NGUYEN VAN AN"))
	// Output:
	// [name.lower name.double_space]
	// NGUYỄN VĂN AN <nil>
	// [NGUYEN]
}

func ExampleCheckVNeIDPassword() {
	err := vnformat.CheckVNeIDPassword("matkhau")
	for _, code := range vnformat.Codes(err) {
		fmt.Println(code, "—", vnformat.Message(code, vnformat.LangEN))
	}
	// Output:
	// password.too_short — The password needs at least 8 characters.
	// password.no_upper — The password needs at least one CAPITAL letter (A–Z).
	// password.no_digit — The password needs at least one digit (0–9).
	// password.no_special — The password needs at least one special character, for example @ # $ ! or *.
}

func ExampleCheckDateBounds() {
	// today comes from the caller's clock, e.g. vnformat.DateOf(clock.Now()).
	today := vnformat.Date{Year: 2025, Month: time.July, Day: 1}
	birthRegistration := vnformat.Bounds{NotFuture: true, MaxAgo: vnformat.Span{Days: 60}}
	for _, in := range []string{"15/6/2025", "1/5/2025", "2/7/2025"} {
		d, err := vnformat.ParseDate(in)
		if err == nil {
			err = vnformat.CheckDateBounds(d, today, birthRegistration)
		}
		fmt.Println(in, vnformat.Codes(err))
	}
	// Output:
	// 15/6/2025 []
	// 1/5/2025 [date.too_long_ago]
	// 2/7/2025 [date.future]
}

func ExampleCheckAge() {
	today := vnformat.Date{Year: 2025, Month: time.July, Day: 1}
	birth, _ := vnformat.ParseDate("02/07/2011")
	fmt.Println(birth.AgeOn(today), vnformat.Codes(vnformat.CheckAge(birth, today, 14, 0)))
	// Output:
	// 13 [date.age_too_young]
}

func ExampleNormalizeEmail() {
	e, err := vnformat.NormalizeEmail(" Nguyen.An@GMAIL.com ")
	fmt.Println(e, err)
	_, err = vnformat.NormalizeEmail("Nguyen An <an@gmail.com>")
	fmt.Println(vnformat.Codes(err))
	// Output:
	// Nguyen.An@gmail.com <nil>
	// [email.display_name]
}

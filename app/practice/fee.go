package practice

import (
	"fmt"
	"strconv"
	"strings"
)

// FeeView is the fee of a payment step as the screen shows it, computed from
// the pack's items and the answers given so far.
type FeeView struct {
	Lines     []FeeLine    `json:"lines"`
	Total     int          `json:"total"`      // VND
	TotalText string       `json:"total_text"` // "200.000 đ"
	Free      bool         `json:"free"`       // nothing to pay: "Miễn lệ phí", no method asked
	Methods   []OptionView `json:"methods"`
	Field     string       `json:"field"` // the field that picks the method
}

// FeeLine is one line of the fee: an item, a reduction (negative) or the
// extra copies.
type FeeLine struct {
	Label  Text   `json:"label"`
	Amount int    `json:"amount"`
	Text   string `json:"text"` // the amount as written on the page
}

// maxCopies bounds the copies a fee counts (a number field may hold more).
const maxCopies = 1000

// fee computes the fee of pay with these answers.
func (p *Pack) fee(pay *Payment, answers map[string]any) FeeView {
	fv := FeeView{Lines: []FeeLine{}, Methods: []OptionView{}, Field: pay.methodField}
	items := 0
	for _, it := range pay.Items {
		fv.Lines = append(fv.Lines, FeeLine{Label: it.Label, Amount: it.Amount})
		items += it.Amount
	}
	if pay.ExemptionField != "" {
		if v, _ := answers[pay.ExemptionField].(string); v != "" {
			for _, ex := range pay.Exemptions {
				if ex.Value == v {
					fv.Lines = append(fv.Lines, FeeLine{Label: ex.Reason, Amount: ex.Amount - items})
					break
				}
			}
		}
	}
	if pc := pay.PerCopy; pc != nil && pc.Field != "" {
		s, _ := answers[pc.Field].(string)
		if n, err := strconv.Atoi(s); err == nil {
			n = min(n, maxCopies)
			if extra := n - max(pc.From, 1) + 1; extra > 0 {
				fv.Lines = append(fv.Lines, FeeLine{
					Label: Text{
						VI: fmt.Sprintf("Từ bản thứ %d: %d bản × %s", pc.From, extra, FormatVND(pc.Amount)),
						EN: fmt.Sprintf("From copy %d: %d × %s", pc.From, extra, FormatVND(pc.Amount)),
					},
					Amount: extra * pc.Amount,
				})
			}
		}
	}
	for i := range fv.Lines {
		fv.Total += fv.Lines[i].Amount
		fv.Lines[i].Text = FormatVND(fv.Lines[i].Amount)
	}
	fv.Total = max(fv.Total, 0)
	fv.TotalText = FormatVND(fv.Total)
	fv.Free = fv.Total == 0
	for _, m := range pay.Methods {
		fv.Methods = append(fv.Methods, OptionView{Value: m.Value, Label: m.Label, Detail: m.Detail})
	}
	return fv
}

// FormatVND writes an amount of đồng the Vietnamese way: "200.000 đ",
// "−100.000 đ".
func FormatVND(n int) string {
	sign := ""
	if n < 0 {
		sign, n = "−", -n
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + " đ"
}

package practice

import "regexp"

// Pack is one practice: a simulated online public-service procedure, loaded
// from a YAML file in kiosk-config/practice/. The JSON Schema in
// schema/pack.schema.json describes the same shape for pack authors.
type Pack struct {
	Header    `yaml:",inline"`
	Skills    []string `yaml:"skills" json:"skills"`
	Service   Service  `yaml:"service" json:"service"`
	Documents []Text   `yaml:"documents" json:"documents"`
	Notes     string   `yaml:"notes" json:"-"`
	Persona   Persona  `yaml:"persona" json:"-"`
	Steps     []Step   `yaml:"steps" json:"-"`

	// Filled by the loader.
	file     string
	places   *Places
	skills   map[string]Skill
	conds    map[string]*condition // by expression text
	stepIdx  map[string]int
	fieldIdx map[string]fieldRef // top-level field id → where it is
	images   map[string]string   // image file name → data: URL
	patterns map[string]*regexp.Regexp
	areas    map[string]SkillArea
	// framework names the skills framework, from skills.yaml.
	framework string
}

// Service is the real online service the practice imitates.
type Service struct {
	Name Text   `yaml:"name" json:"name"`
	URL  string `yaml:"url" json:"url"`
}

// Persona is the fictional person whose data the practice offers ("Dùng dữ
// liệu mẫu") and whose values are the examples shown after two failed tries.
type Persona struct {
	Name    Text           `yaml:"name" json:"name"`
	Story   Text           `yaml:"story" json:"story"`
	Answers map[string]any `yaml:"answers" json:"answers"`
	// Passcode is the persona's 6-digit VNeID passcode, asked by
	// passcode_check steps.
	Passcode string `yaml:"passcode" json:"passcode,omitempty"`
}

// Step kinds mirror the pages of the real portals.
const (
	KindInfo     = "info"     // explanation only
	KindLogin    = "login"    // simulated VNeID login
	KindFind     = "find"     // search box and results list
	KindForm     = "form"     // fields
	KindOTP      = "otp"      // the simulated SMS is shown on screen
	KindPassword = "password" // create a password or passcode
	KindUpload   = "upload"   // choose a sample document image
	KindReview   = "review"   // check your answers, each with "Sửa"
	KindSubmit   = "submit"   // send; a fake receipt code is issued
	KindTrack    = "track"    // look the status up with the receipt code
	KindFinish   = "finish"   // summary

	KindAgency        = "agency"         // "Chọn cơ quan thực hiện": province, then commune
	KindPasscodeCheck = "passcode_check" // VNeID asks the persona's passcode before a procedure
	KindPayment       = "payment"        // a simulated fee payment (no money, no card number)
	KindNotice        = "notice"         // the SMS / VNeID notification the citizen receives
	KindQuiz          = "quiz"           // one safe-or-scam decision, with the why
)

// StepKinds lists every step kind.
var StepKinds = []string{KindInfo, KindLogin, KindFind, KindForm, KindOTP, KindPassword, KindUpload, KindReview, KindSubmit, KindTrack, KindFinish,
	KindAgency, KindPasscodeCheck, KindPayment, KindNotice, KindQuiz}

// Step is one page of the practice.
type Step struct {
	ID     string  `yaml:"id" json:"id"`
	Kind   string  `yaml:"kind" json:"kind"`
	Title  Text    `yaml:"title" json:"title"`
	Body   Text    `yaml:"body" json:"body"`
	Hint   Text    `yaml:"hint" json:"hint"`
	ShowIf string  `yaml:"show_if" json:"-"`
	SMS    Text    `yaml:"sms" json:"-"`    // otp: the message, with {code}
	Status Text    `yaml:"status" json:"-"` // track: the status found
	QR     bool    `yaml:"qr" json:"qr"`    // login: also explain logging in with the VNeID app's QR scanner
	Fields []Field `yaml:"fields" json:"-"`

	// WorkingDays (submit): the appointment ("ngày hẹn trả kết quả") is the
	// submit day plus this many working days, Monday to Friday.
	WorkingDays int       `yaml:"working_days" json:"-"`
	Payment     *Payment  `yaml:"payment" json:"-"`  // payment: the fee and the ways to pay
	Notice      *Notice   `yaml:"notice" json:"-"`   // notice: the message received
	Scenario    *Scenario `yaml:"scenario" json:"-"` // quiz: the message, call or page to judge
}

// Payment is the fee of a payment step.
type Payment struct {
	Items []FeeItem `yaml:"items"`
	// PerCopy adds Amount for every copy from the From-th on, the number of
	// copies being the answer to the number field Field.
	PerCopy *PerCopy `yaml:"per_copy"`
	// ExemptionField is a radio, select or single cards field answered
	// earlier; an answer listed in Exemptions changes the fee.
	ExemptionField string      `yaml:"exemption_field"`
	Exemptions     []Exemption `yaml:"exemptions"`
	Methods        []Option    `yaml:"methods"`

	methodField string // the step's field that picks a method (set by the loader)
}

// FeeItem is one line of the fee.
type FeeItem struct {
	Label  Text `yaml:"label"`
	Amount int  `yaml:"amount"`
}

// PerCopy is a fee per extra copy.
type PerCopy struct {
	Amount int    `yaml:"amount"`
	From   int    `yaml:"from"`
	Field  string `yaml:"field"`
}

// Exemption replaces the items' total by Amount for one answer of the
// exemption field, for the reason given.
type Exemption struct {
	Value  string `yaml:"value"`
	Amount int    `yaml:"amount"`
	Reason Text   `yaml:"reason"`
}

// Notice is the simulated message of a notice step. Text may hold
// {receipt}, {appointment} and {agency}.
type Notice struct {
	Channel string `yaml:"channel"` // sms | vneid
	Sender  string `yaml:"sender"`
	Text    Text   `yaml:"text"`
}

// Scenario is what a quiz step asks the citizen to judge.
type Scenario struct {
	Channel string `yaml:"channel"` // sms | call | web | vneid | zalo
	Sender  string `yaml:"sender"`
	Text    Text   `yaml:"text"`
	URL     string `yaml:"url"`
}

// Field types.
const (
	TypeText     = "text"
	TypeNumber   = "number"
	TypeDate     = "date"
	TypeSelect   = "select"
	TypeRadio    = "radio"
	TypeCheckbox = "checkbox"
	TypeCCCD     = "cccd"
	TypePhone    = "phone"
	TypeEmail    = "email"
	TypeAddress  = "address"
	TypeRepeat   = "repeat"
	TypePassword = "password"
	TypePasscode = "passcode"
	TypeOTP      = "otp"
	TypeSearch   = "search"  // find step: the result chosen
	TypeUpload   = "upload"  // upload step: the sample document chosen
	TypeReceipt  = "receipt" // track step: the receipt code typed
	TypeAgency   = "agency"  // the agency: province, then commune (never a district)
	TypeCards    = "cards"   // big choice cards, one or several
)

// FieldTypes lists every field type.
var FieldTypes = []string{TypeText, TypeNumber, TypeDate, TypeSelect, TypeRadio, TypeCheckbox, TypeCCCD, TypePhone, TypeEmail,
	TypeAddress, TypeRepeat, TypePassword, TypePasscode, TypeOTP, TypeSearch, TypeUpload, TypeReceipt, TypeAgency, TypeCards}

// Field is one question.
type Field struct {
	ID       string          `yaml:"id"`
	Type     string          `yaml:"type"`
	Label    Text            `yaml:"label"`
	Hint     Text            `yaml:"hint"`
	Why      Text            `yaml:"why"` // "why we ask"
	Required bool            `yaml:"required"`
	ShowIf   string          `yaml:"show_if"`
	Options  []Option        `yaml:"options"`
	Rules    []Rule          `yaml:"rules"`
	Messages map[string]Text `yaml:"messages"` // code → words that replace the default message
	Fields   []Field         `yaml:"fields"`   // repeat: the columns of one row
	MinRows  int             `yaml:"min_rows"`
	MaxRows  int             `yaml:"max_rows"`

	// agency: "commune" (UBND xã/phường/đặc khu) or "province" (e.g. Công
	// an tỉnh), and the agency's name with {province} and {commune}.
	Level      string `yaml:"level"`
	AgencyName Text   `yaml:"agency_name"`
	// cards: several choices, between MinChoices and MaxChoices (0: no bound).
	Multiple   bool `yaml:"multiple"`
	MinChoices int  `yaml:"min_choices"`
	MaxChoices int  `yaml:"max_choices"`

	// passcodeCheck marks the field the loader adds to a passcode_check
	// step: compared with the persona's passcode, never stored.
	passcodeCheck bool
}

// Agency levels.
const (
	LevelCommune  = "commune"
	LevelProvince = "province"
)

// PasscodeFieldPrefix starts the id of the field a passcode_check step gets.
const PasscodeFieldPrefix = "passcode_check__"

// Option is a choice of a select, radio, search or upload field.
type Option struct {
	Value    string `yaml:"value" json:"value"`
	Label    Text   `yaml:"label" json:"label"`
	Detail   Text   `yaml:"detail" json:"detail"`     // search: the agency line under a result
	Keywords string `yaml:"keywords" json:"keywords"` // search: extra words that find it
	Image    string `yaml:"image" json:"-"`           // upload: a file in practice/images/
	Correct  bool   `yaml:"correct" json:"-"`         // search, upload and quiz: the right choice
	Explain  Text   `yaml:"explain" json:"-"`         // quiz: why this choice is right or wrong
}

// Rule kinds.
const (
	RuleUpperVietnamese = "upper_vietnamese"
	RuleMinLength       = "min_length"
	RuleMaxLength       = "max_length"
	RulePattern         = "pattern"
	RuleMin             = "min"
	RuleMax             = "max"
	RuleNotFuture       = "not_future"
	RuleNotPast         = "not_past"
	RuleMaxAgo          = "max_ago"
	RuleMaxAhead        = "max_ahead"
	RuleMinAge          = "min_age"
	RuleMaxAge          = "max_age"
	RuleNotBefore       = "not_before"
	RuleNotAfter        = "not_after"
	RuleSameAs          = "same_as"
	RuleCCCDMatches     = "cccd_matches"
)

// Rule is one constraint on a field beyond what its type checks.
type Rule struct {
	Kind      string `yaml:"kind"`
	Value     int    `yaml:"value"`      // min_length, max_length, min, max, min_age, max_age
	Pattern   string `yaml:"pattern"`    // pattern (RE2, whole value)
	Years     int    `yaml:"years"`      // max_ago, max_ahead
	Days      int    `yaml:"days"`       // max_ago, max_ahead
	Field     string `yaml:"field"`      // not_before, not_after, same_as: the other field
	BirthDate string `yaml:"birth_date"` // cccd_matches: the date-of-birth field
	Sex       string `yaml:"sex"`        // cccd_matches: the sex field (values nam/nu or male/female)
	Message   *Text  `yaml:"message"`    // replaces the default message
}

// fieldRef says where a top-level field lives.
type fieldRef struct {
	step  int
	field int
}

// Step returns the step with id, or nil.
func (p *Pack) Step(id string) *Step {
	if i, ok := p.stepIdx[id]; ok {
		return &p.Steps[i]
	}
	return nil
}

// field returns the top-level field with id, or nil.
func (p *Pack) field(id string) *Field {
	if r, ok := p.fieldIdx[id]; ok {
		return &p.Steps[r.step].Fields[r.field]
	}
	return nil
}

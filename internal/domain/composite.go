package domain

// Rule keys of the points engine in the rules table (rules as data with a validity period,
// overridable per organisation).
const (
	RuleCategories = "points.categories"
	RuleStars      = "points.stars"
	RuleWelfare    = "points.welfare"
)

// Category modes: how a category's raw points count towards the composite.
const (
	ModeCap   = "cap"   // min(raw, share): RULES.md's default
	ModeScale = "scale" // share × min(raw, full) / full: raw points scaled to the share
)

// CategoryShare is one category's part of the composite out of 100.
type CategoryShare struct {
	Key   string `json:"key"`
	Share Points `json:"share"`
	// Full is the raw score that earns the whole share in scale mode (0: the share itself).
	Full Points `json:"full,omitempty"`
}

// CategoryRule is the value of rule points.categories.
type CategoryRule struct {
	Mode       string          `json:"mode"`
	Categories []CategoryShare `json:"categories"`
}

// DefaultCategoryRule is Taicang's 30/40/30 (RULES.md).
var DefaultCategoryRule = CategoryRule{Mode: ModeCap, Categories: []CategoryShare{
	{Key: CategoryActivity, Share: Whole(30)},
	{Key: CategoryExperience, Share: Whole(40)},
	{Key: CategoryContribution, Share: Whole(30)},
}}

// FillDefaults gives a rule row that names no category the shipped shares. Rule rows are
// decoded into a zero value and then filled, never decoded over the defaults: encoding/json
// reuses a slice's backing array, which would overwrite the shared defaults.
func (r *CategoryRule) FillDefaults() {
	if len(r.Categories) == 0 {
		*r = CategoryRule{Mode: DefaultCategoryRule.Mode, Categories: append([]CategoryShare(nil), DefaultCategoryRule.Categories...)}
	}
	if r.Mode == "" {
		r.Mode = DefaultCategoryRule.Mode
	}
}

// Keys returns the category keys in order.
func (r CategoryRule) Keys() []string {
	keys := make([]string, len(r.Categories))
	for i, c := range r.Categories {
		keys[i] = c.Key
	}
	return keys
}

// Contribution returns what raw points in one category add to the composite.
func (r CategoryRule) Contribution(c CategoryShare, raw Points) Points {
	if r.Mode == ModeScale {
		full := c.Full
		if full <= 0 {
			full = c.Share
		}
		if full <= 0 {
			return 0
		}
		return MulDiv(min(raw, full), int64(c.Share), int64(full))
	}
	return min(raw, c.Share)
}

// Composite returns the composite score out of 100 from raw points per category:
// Σ over the rule's categories of its contribution (RULES.md: activity 50, experience 10,
// contribution 30 → 30 + 10 + 30 = 70). Categories outside the rule count nothing.
func (r CategoryRule) Composite(raw map[string]Points) Points {
	var sum Points
	for _, c := range r.Categories {
		sum += r.Contribution(c, raw[c.Key])
	}
	return sum
}

// StarRule is the value of rule points.stars: Thresholds[i] is the lowest composite that earns
// i+1 stars; a subject with a veto item in the year gets at most VetoMaxStars.
type StarRule struct {
	Thresholds   []Points `json:"thresholds"`
	VetoMaxStars int      `json:"veto_max_stars"`
	// PublishBy is the day of year Y+1 ("MM-DD") by which year Y's stars are published.
	PublishBy string `json:"publish_by"`
}

// DefaultStarRule: 1★ from 60, 2★ 70, 3★ 80, 4★ 90, 5★ 95; a veto caps at 0 stars
// (一票否决); published before 1 July (seed 004).
var DefaultStarRule = StarRule{Thresholds: []Points{Whole(60), Whole(70), Whole(80), Whole(90), Whole(95)},
	VetoMaxStars: 0, PublishBy: "07-01"}

// FillDefaults fills what a star rule row leaves out with the shipped values (see
// CategoryRule.FillDefaults for why rows are never decoded over the defaults).
func (r *StarRule) FillDefaults() {
	if len(r.Thresholds) == 0 {
		r.Thresholds = append([]Points(nil), DefaultStarRule.Thresholds...)
	}
	if r.PublishBy == "" {
		r.PublishBy = DefaultStarRule.PublishBy
	}
}

// Stars returns the star rating of a composite score, capped when the subject has vetoes.
func (r StarRule) Stars(composite Points, vetoes int) int {
	stars := 0
	for i, t := range r.Thresholds {
		if composite >= t {
			stars = i + 1
		}
	}
	if vetoes > 0 {
		stars = min(stars, max(0, r.VetoMaxStars))
	}
	return stars
}

// WelfareRule is the value of rule points.welfare: the hours a year every member owes as
// duty before welfare hours earn points (seed 001: 2).
type WelfareRule struct {
	DutyHours Points `json:"duty_hours"`
}

// DefaultWelfareRule is RULES.md's 2 hours.
var DefaultWelfareRule = WelfareRule{DutyHours: Whole(2)}

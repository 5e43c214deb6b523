package practice

// Text is a user-facing text in Vietnamese and English.
type Text struct {
	VI string `yaml:"vi" json:"vi"`
	EN string `yaml:"en" json:"en"`
}

// Header is what the catalog shows of a pack.
type Header struct {
	ID        string `yaml:"id" json:"id"`
	Version   int    `yaml:"version" json:"version"`
	Title     Text   `yaml:"title" json:"title"`
	Summary   Text   `yaml:"summary" json:"summary"`
	LifeEvent Text   `yaml:"life_event" json:"life_event"`
	Minutes   int    `yaml:"minutes" json:"minutes"`
}

package kiosk

// statsHealth gives the statistics uploader the two health values only the
// kiosk knows (stats.KioskInfo): the configuration being served and whether
// the last reload was refused. Codes only, never the problem text.
type statsHealth struct{ k *Kiosk }

func (h statsHealth) ConfigID() string { return h.k.ConfigStatus().ConfigID }

func (h statsHealth) LastReloadError() string {
	if h.k.ConfigStatus().LastError != "" {
		return "config.refused"
	}
	return ""
}

// Package tips reads kiosk-config/tips.yaml: the short tips about digital
// public services that the attract screen rotates after a long idle. A ward
// adds its own by editing the file; each tip is given in Vietnamese and
// English. The file is optional: without it the attract screen shows none.
package tips

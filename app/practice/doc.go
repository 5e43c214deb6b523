// Package practice models practice packs: a practice of one online public
// service procedure, written as data (YAML files in kiosk-config/practice/)
// so that a province can add its own without code.
//
// The package is pure: it reads packs from an fs.FS it is given and does no
// other I/O. It imports only leaf packages (problems, yamlfile).
package practice

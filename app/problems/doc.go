// Package problems collects what is wrong with a file that a person wrote
// (kiosk.yaml, a practice pack, a places list) so that every problem can be
// reported at once, each as
//
//	file:line: path: problem (how to fix)
//
// It is a leaf package: it imports nothing of ours, so the pure packages
// (config, practice) can share it.
package problems

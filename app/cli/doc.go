// Package cli is the command line of the tramhocso binary: the subcommands,
// their flags, and how the config and data directories are found. main.go
// only embeds the frontend and the sample config and calls Run, so every
// subcommand can be tested here without building a binary.
package cli

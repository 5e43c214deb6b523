package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"tramhocso/app/staff"
)

// runHashPIN reads a staff PIN (twice, without echo, on a terminal; one
// line otherwise) and prints its argon2id hash for kiosk.yaml's
// staff.pin_hash. The PIN is never taken from the command line, where it
// would land in the shell history.
func runHashPIN(args []string, env Env) error {
	fl := newFlags("hash-pin", env)
	if err := parse(fl, args); err != nil {
		return err
	}
	in := env.Stdin
	if in == nil {
		in = os.Stdin
	}
	read := lineReader(in)
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		read = func(prompt string) (string, error) {
			fmt.Fprint(env.Stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(env.Stderr)
			return string(b), err
		}
		pin, err := read("Mã PIN mới / New staff PIN (6–12 digits): ")
		if err != nil {
			return fmt.Errorf("reading the PIN: %w", err)
		}
		again, err := read("Nhập lại / Again: ")
		if err != nil {
			return fmt.Errorf("reading the PIN: %w", err)
		}
		if pin != again {
			return errors.New("the two PINs differ / hai mã PIN không khớp")
		}
		return printHash(pin, env)
	}
	pin, err := read("")
	if err != nil {
		return fmt.Errorf("reading the PIN from standard input: %w", err)
	}
	return printHash(pin, env)
}

func lineReader(in io.Reader) func(string) (string, error) {
	br := bufio.NewReader(in)
	return func(string) (string, error) {
		line, err := br.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && line != "") {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
}

func printHash(pin string, env Env) error {
	if err := staff.CheckPIN(pin); err != nil {
		return fmt.Errorf("%w / mã PIN gồm 6–12 chữ số", err)
	}
	h, err := staff.HashPIN(pin)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, h)
	fmt.Fprintln(env.Stderr, "Dán dòng trên vào kiosk.yaml, trong ngoặc kép: staff: pin_hash: \"…\" / Paste the line above into kiosk.yaml, in quotes, as staff.pin_hash.")
	return nil
}

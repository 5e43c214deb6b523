package speech_test

import (
	"context"
	"fmt"

	"tramhocso/app/speech"
)

func ExampleNormalize() {
	fmt.Println(speech.Normalize("  Bước 1:\n\tNhập   họ tên  "))
	// Output: Bước 1: Nhập họ tên
}

func ExampleService_Synthesize() {
	s := speech.New(speech.Options{})
	if _, err := s.Check(context.Background()); err != nil {
		fmt.Println("speaker buttons hidden:", err)
		return
	}
	wav, err := s.Synthesize(context.Background(), "vi", "Xin chào")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(wav[:4]))
}

package vnformat

import (
	"os"
	"testing"
)

// TestProvinceCodesMatchReferenceData keeps the embedded copy of the CCCD
// province codes equal to the project's reference file (shared/ beside the
// repository), when that is present.
func TestProvinceCodesMatchReferenceData(t *testing.T) {
	want, err := os.ReadFile("../../../shared/data/cccd-province-codes.csv")
	if err != nil {
		t.Skip("reference data (shared/ beside the repository) not on this machine")
	}
	got, err := os.ReadFile("data/cccd-province-codes.csv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("app/vnformat/data/cccd-province-codes.csv differs from shared/data/cccd-province-codes.csv")
	}
}

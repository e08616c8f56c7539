package vendor_test

import (
	"context"
	"fmt"
	"os"

	"github.com/shohyo/shohyo/internal/record"
	"github.com/shohyo/shohyo/internal/storage"
	"github.com/shohyo/shohyo/internal/vendor"
)

func Example() {
	dir, _ := os.MkdirTemp("", "vendor-example")
	defer os.RemoveAll(dir)
	d, _ := storage.NewLocal(dir)
	s := vendor.NewStore(storage.NewBucket(d))
	ctx := context.Background()

	// A person confirmed a receipt of 千代田ソリューションズ.
	confirmed := record.Fields{
		IssuerName:         &record.Field{Value: "千代田ソリューションズ(株)"},
		RegistrationNumber: &record.Field{Value: "T7010401044175"},
	}
	if _, err := s.Confirm(ctx, vendor.Confirmed{DocID: "2f1e", Version: 2, Fields: confirmed, Person: true}); err != nil {
		panic(err)
	}

	// A new receipt: the seal garbled the name, a slashed 0 was read as 9.
	r, _ := s.Load(ctx)
	read := record.Fields{
		IssuerName:         &record.Field{Value: "千代田ソリューションズ幌", Confidence: 0.8},
		RegistrationNumber: &record.Field{Value: "T7919491944175", Confidence: 0.4},
	}
	if m, ok := r.Match(read, nil); ok {
		vendor.Improve(&read, m)
		fmt.Println(m.By)
	}
	fmt.Println(read.IssuerName.Value, read.RegistrationNumber.Value)
	// Output:
	// registration_number_ocr
	// 千代田ソリューションズ(株) T7010401044175
}

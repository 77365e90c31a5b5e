package ledger

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/catalogsync/catalogsync-operator/internal/catalog"
	"github.com/catalogsync/catalogsync-operator/internal/report"
)

// sample is a ledger of n families of size SKUs each, every tenth blocked and every
// twentieth with a failing attribute, shaped as the engine writes it.
func sample(n, size int) *Ledger {
	l := New()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for i := range n {
		parent := fmt.Sprintf("NL-JKT-%06d", i)
		p := &Product{PlytixID: fmt.Sprintf("65f%021d", i), SKU: parent, Number: parent, CentraID: 10000 + i, DisplayID: 20000 + i,
			VariantIDs: []int{30000 + 2*i, 30001 + 2*i}, Hash: fmt.Sprintf("%024x", i*7919), Revision: "3cde80a2efcf6e01",
			State: StateInSync, Modified: at.Add(time.Duration(i) * time.Second), Verified: at}
		for s := range size {
			p.SKUs = append(p.SKUs, fmt.Sprintf("%s-%02d", parent, s))
		}
		for _, target := range []string{"product.name", "display.description", "attribute:pr_fit.value", "variant.name"} {
			p.AddAttribute(target, "src", report.AttributeSynced, p.SKUs, "")
		}
		switch {
		case i%10 == 0:
			p.State, p.Reason = StateBlocked, "missing material_composition"
			p.Failures = append(p.Failures, report.Failure{SKU: parent, Attribute: "material_composition", Reason: "MissingRequiredAttribute",
				Message: parent + " has no material_composition in Plytix (required by gates.requiredAttributes)"})
		case i%20 == 1:
			p.AddAttribute("attribute:color_swatch.value", "color_swatch", report.AttributeFailed, p.SKUs[:min(2, len(p.SKUs))], "no Centra option 'Moss'")
		}
		l.Put(Key(parent), p)
	}
	return l
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	l := sample(300, 8)
	enc, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(enc.Chunks, enc.Checksum)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Products) != 300 || enc.Records != 300 {
		t.Fatalf("decoded %d records (encoded %d), want 300", len(got.Products), enc.Records)
	}
	again, _ := Encode(got)
	if again.Checksum != enc.Checksum {
		t.Error("encoding the decoded ledger gives another stream: the encoding is not stable")
	}
	if c := got.Catalogue("Apply", time.Now()); c.Products.Blocked != 30 || c.InSync != 270 || c.SKUs.Seen != 2400 {
		t.Errorf("catalogue of the decoded ledger: %+v in sync %d", c.Products, c.InSync)
	}
}

// TestChunksStayUnderTheConfigMapLimit: a ledger larger than one chunk is cut into chunks of at
// most ChunkBytes, which reassemble to the same ledger.
func TestChunksStayUnderTheConfigMapLimit(t *testing.T) {
	l := sample(300, 4)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, p := range l.Products {
		// incompressible text, so the stream needs several chunks
		noise := make([]byte, 4096)
		for i := range noise {
			noise[i] = byte(rng.Uint32())
		}
		p.Failures = append(p.Failures, report.Failure{SKU: p.SKU, Reason: "InvalidValue", Message: fmt.Sprintf("%x", noise)})
	}
	enc, err := Encode(l)
	if err != nil {
		t.Fatal(err)
	}
	if len(enc.Chunks) < 2 {
		t.Fatalf("want several chunks, got %d", len(enc.Chunks))
	}
	for i, c := range enc.Chunks {
		if len(c) > ChunkBytes {
			t.Errorf("chunk %d holds %d bytes, over %d", i, len(c), ChunkBytes)
		}
	}
	if _, err := Decode(enc.Chunks, enc.Checksum); err != nil {
		t.Fatal(err)
	}
}

func TestDecodeDetectsDamage(t *testing.T) {
	enc, err := Encode(sample(50, 3))
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(enc.Chunks[0])
	flipped[len(flipped)/2] ^= 1
	for name, chunks := range map[string][][]byte{
		"a flipped byte": {flipped},
		"a lost chunk":   nil,
		"a cut stream":   {enc.Chunks[0][:len(enc.Chunks[0])/2]},
	} {
		if _, err := Decode(chunks, enc.Checksum); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrCorrupt", name, err)
		}
	}
}

// FuzzDecode: whatever the stored bytes, Decode returns a ledger or ErrCorrupt, never panics.
func FuzzDecode(f *testing.F) {
	enc, _ := Encode(sample(3, 2))
	f.Add(enc.Chunks[0])
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, data []byte) {
		sum := checksumOf(data)
		if _, err := Decode([][]byte{data}, sum); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("err = %v, want nil or ErrCorrupt", err)
		}
	})
}

// TestHashIsStableAndSeesTheDisplay: equal products hash equally whatever their pointers; a
// change anywhere, the display included, changes the hash.
func TestHashIsStableAndSeesTheDisplay(t *testing.T) {
	mk := func() *catalog.Product {
		return &catalog.Product{ProductNumber: "NL-1", Name: "Jacket", Fields: map[string]string{"weight": "0.9", "brand": "Nordlys"},
			Variants: []catalog.Variant{{VariantNumber: "NL-1-BLK", Sizes: []catalog.Size{{Name: "M", SKU: "NL-1-BLK-M"}}}},
			Display:  &catalog.Display{Name: "Jacket", Fields: map[string]string{"description": "<p>Warm.</p>"}}}
	}
	a, b := mk(), mk()
	if Hash(a) != Hash(b) || Hash(a) == "" {
		t.Fatalf("equal products hash %q and %q", Hash(a), Hash(b))
	}
	b.Display.Fields["description"] = "<p>Warmer.</p>"
	if Hash(a) == Hash(b) {
		t.Error("a display change did not change the hash")
	}
	c := mk()
	c.Variants[0].Sizes[0].SKU = "NL-1-BLK-L"
	if Hash(a) == Hash(c) {
		t.Error("a SKU change did not change the hash")
	}
	if Hash(nil) != "" {
		t.Error("a blocked product has no hash")
	}
}

func TestNormalSKU(t *testing.T) {
	for _, pair := range [][2]string{{"NL-1-blk-m", "NL-1-BLK-M"}, {" NL-1-BLK-M\t", "NL-1-BLK-M"}} {
		if NormalSKU(pair[0]) != NormalSKU(pair[1]) {
			t.Errorf("%q and %q must be the same article", pair[0], pair[1])
		}
	}
	if NormalSKU("NL-1-BLK-M") == NormalSKU("NL-1-BLK-L") {
		t.Error("different SKUs compare equal")
	}
}

func TestDropUnseenKeepsWhatTheRunSaw(t *testing.T) {
	l := sample(5, 1)
	for _, p := range l.Products {
		p.seen = false // as decoded: nothing seen yet by the new run
	}
	l.Touch(Key("NL-JKT-000001"))
	l.Put(Key("NEW"), &Product{SKU: "NEW", State: StateInSync})
	if dropped := l.DropUnseen(); dropped != 4 || len(l.Products) != 2 {
		t.Errorf("dropped %d, kept %v", dropped, l.Keys())
	}
}

func TestExceptionsListEveryFailureDriftAndPendingWrite(t *testing.T) {
	l := sample(100, 3) // 10 blocked with one failure each, 5 with failing swatches (no failure rows)
	l.Get(Key("NL-JKT-000002")).AddAttribute("display.description", "description", report.AttributeDrifted, []string{"NL-JKT-000002-00"}, "")
	l.Get(Key("NL-JKT-000003")).State, l.Get(Key("NL-JKT-000003")).Reason = StatePending, "to update"
	rows := l.Exceptions()
	count := map[string]int{}
	for _, e := range rows {
		count[e.Reason]++
		if e.Owner == "" || e.WhatToDo == "" || e.SKU == "" {
			t.Errorf("incomplete row %+v", e)
		}
	}
	if count["MissingRequiredAttribute"] != 10 || count["DriftDetected"] != 1 || count["Pending"] != 1 || len(rows) != 12 {
		t.Errorf("rows by reason %v", count)
	}
	var buf bytes.Buffer
	if n, err := WriteExceptions(&buf, rows); err != nil || n != 12 || bytes.Count(buf.Bytes(), []byte("\n")) != 13 {
		t.Errorf("wrote %d rows, %d lines, err %v", n, bytes.Count(buf.Bytes(), []byte("\n")), err)
	}
}

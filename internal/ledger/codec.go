package ledger

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ChunkBytes is the most one stored chunk holds: well under the 1 MiB a ConfigMap may hold, with
// room for its metadata.
const ChunkBytes = 768 << 10

// maxRecordBytes bounds one decoded record, so a corrupt chunk cannot make the decoder buffer
// without end.
const maxRecordBytes = 64 << 20

// Encoded is a ledger as stored: gzip-compressed JSON lines (one record each, in key order),
// cut into chunks, and the SHA-256 of the whole compressed stream.
type Encoded struct {
	Chunks   [][]byte
	Checksum string
	// Records is how many records it holds; RawBytes the size before compression.
	Records  int
	RawBytes int64
}

// Encode writes the ledger in stored form.
func Encode(l *Ledger) (Encoded, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return Encoded{}, err
	}
	counter := &countingWriter{w: zw}
	enc := json.NewEncoder(counter)
	for _, key := range l.Keys() {
		if err := enc.Encode(record{Key: key, Product: l.Products[key]}); err != nil {
			return Encoded{}, fmt.Errorf("encoding ledger record %q: %w", key, err)
		}
	}
	if err := zw.Close(); err != nil {
		return Encoded{}, err
	}
	data := buf.Bytes()
	out := Encoded{Checksum: checksumOf(data), Records: len(l.Products), RawBytes: counter.n}
	for start := 0; start < len(data); start += ChunkBytes {
		out.Chunks = append(out.Chunks, data[start:min(start+ChunkBytes, len(data))])
	}
	return out, nil
}

// ErrCorrupt says the stored ledger does not match its checksum or cannot be decoded.
var ErrCorrupt = errors.New("ledger corrupt")

// Decode reads a ledger back from its chunks, checking the checksum first.
func Decode(chunks [][]byte, checksum string) (*Ledger, error) {
	data := bytes.Join(chunks, nil)
	if checksumOf(data) != checksum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	l := New()
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 64<<10), maxRecordBytes)
	for sc.Scan() {
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.Product == nil || rec.Key == "" {
			return nil, fmt.Errorf("%w: a record does not decode", ErrCorrupt)
		}
		l.Products[rec.Key] = rec.Product
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return l, nil
}

type record struct {
	Key     string   `json:"key"`
	Product *Product `json:"record"`
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func checksumOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

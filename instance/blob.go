package instance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sync"
)

// BlobStore keeps attachments' bytes. Keys are opaque; Put returns the
// SHA-256 of what it stored, which applications record. Implementations must
// be safe for concurrent use (a directory under os.Root, an object store).
type BlobStore interface {
	// Put stores at most maxBytes read from r; more is [ErrTooLarge].
	Put(ctx context.Context, r io.Reader, maxBytes int64) (Blob, error)
	// Open returns the bytes stored under key; [ErrNotFound] if absent.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
}

// Blob describes stored bytes.
type Blob struct {
	Key    string
	SHA256 string // hex
	Size   int64
	// Sniffed is the first 512 bytes, for content-type detection.
	Sniffed []byte
}

// MemoryBlobStore is a content-addressed, in-memory [BlobStore].
type MemoryBlobStore struct {
	mu    sync.RWMutex
	blobs map[string][]byte
}

var _ BlobStore = (*MemoryBlobStore)(nil)

// NewMemoryBlobStore returns an empty store.
func NewMemoryBlobStore() *MemoryBlobStore { return &MemoryBlobStore{blobs: make(map[string][]byte)} }

// Put implements [BlobStore]; the key is the SHA-256.
func (m *MemoryBlobStore) Put(ctx context.Context, r io.Reader, maxBytes int64) (Blob, error) {
	if err := ctx.Err(); err != nil {
		return Blob{}, fmt.Errorf("instance: put blob: %w", err)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return Blob{}, fmt.Errorf("instance: put blob: %w", err)
	}
	if int64(len(b)) > maxBytes {
		return Blob{}, fmt.Errorf("instance: put blob: more than %d bytes: %w", maxBytes, ErrTooLarge)
	}
	sum := sha256.Sum256(b)
	key := hex.EncodeToString(sum[:])
	m.mu.Lock()
	m.blobs[key] = b
	m.mu.Unlock()
	return Blob{Key: key, SHA256: key, Size: int64(len(b)), Sniffed: b[:min(len(b), 512)]}, nil
}

// Open implements [BlobStore].
func (m *MemoryBlobStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: open blob: %w", err)
	}
	m.mu.RLock()
	b, ok := m.blobs[key]
	m.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("instance: open blob %s: %w", key, ErrNotFound)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

package export

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// bundle gives read access to a bundle directory or ZIP.
type bundle interface {
	// names lists every regular file, slash-separated, sorted.
	names() []string
	open(name string) (io.ReadCloser, error)
	// readerAt gives random access to a file (a stored ZIP entry or a
	// file on disk); release frees it.
	readerAt(name string) (ra io.ReaderAt, size int64, release func(), err error)
	close()
}

// openBundle opens path: a directory, or a ZIP file.
func openBundle(path string) (bundle, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("verify bundle: %w", err)
	}
	if fi.IsDir() {
		return openDirBundle(path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("verify bundle: %w", err)
	}
	zr, err := zip.NewReader(f, fi.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("verify bundle: %s is neither a directory nor a ZIP file: %w", path, err)
	}
	zb := &zipBundle{f: f, files: map[string]*zip.File{}}
	for _, zf := range zr.File {
		if !zf.FileInfo().IsDir() {
			zb.files[zf.Name] = zf
		}
	}
	return zb, nil
}

type dirBundle struct {
	root string
	list []string
}

func openDirBundle(root string) (*dirBundle, error) {
	d := &dirBundle{root: root}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.Type().IsRegular() {
			rel, _ := filepath.Rel(root, p)
			d.list = append(d.list, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify bundle: %w", err)
	}
	sort.Strings(d.list)
	return d, nil
}

func (d *dirBundle) names() []string { return d.list }

func (d *dirBundle) open(name string) (io.ReadCloser, error) {
	return os.Open(filepath.Join(d.root, filepath.FromSlash(name)))
}

func (d *dirBundle) readerAt(name string) (io.ReaderAt, int64, func(), error) {
	f, err := os.Open(filepath.Join(d.root, filepath.FromSlash(name)))
	if err != nil {
		return nil, 0, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, nil, err
	}
	return f, fi.Size(), func() { f.Close() }, nil
}

func (d *dirBundle) close() {}

type zipBundle struct {
	f     *os.File
	files map[string]*zip.File
}

func (z *zipBundle) names() []string {
	out := make([]string, 0, len(z.files))
	for n := range z.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (z *zipBundle) open(name string) (io.ReadCloser, error) {
	zf := z.files[name]
	if zf == nil {
		return nil, fs.ErrNotExist
	}
	return zf.Open()
}

// readerAt reads a stored entry in place; a compressed one is extracted
// to a temporary file first.
func (z *zipBundle) readerAt(name string) (io.ReaderAt, int64, func(), error) {
	zf := z.files[name]
	if zf == nil {
		return nil, 0, nil, fs.ErrNotExist
	}
	if zf.Method == zip.Store {
		off, err := zf.DataOffset()
		if err != nil {
			return nil, 0, nil, err
		}
		size := int64(zf.UncompressedSize64)
		return io.NewSectionReader(z.f, off, size), size, func() {}, nil
	}
	return extract(zf)
}

func extract(zf *zip.File) (io.ReaderAt, int64, func(), error) {
	rc, err := zf.Open()
	if err != nil {
		return nil, 0, nil, err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp("", "afterimage-verify-*")
	if err != nil {
		return nil, 0, nil, err
	}
	release := func() { tmp.Close(); os.Remove(tmp.Name()) }
	n, err := io.Copy(tmp, rc)
	if err != nil {
		release()
		return nil, 0, nil, errors.Join(fmt.Errorf("extract %s", zf.Name), err)
	}
	return tmp, n, release, nil
}

func (z *zipBundle) close() { z.f.Close() }

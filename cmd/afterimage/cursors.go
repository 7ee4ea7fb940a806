package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// cursorsFile keeps incremental collection state in the data directory.
// It is not evidence: losing it only makes the next collection read more.
const cursorsFile = "cursors.json"

func loadCursors(dataDir string) (map[string]string, error) {
	cur := map[string]string{}
	b, err := os.ReadFile(filepath.Join(dataDir, cursorsFile))
	if errors.Is(err, os.ErrNotExist) {
		return cur, nil
	}
	if err == nil {
		err = json.Unmarshal(b, &cur)
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", cursorsFile, err)
	}
	return cur, nil
}

// commitCursors merges cursor values of a stored capture into the file.
func commitCursors(dataDir string, set map[string]string) error {
	cur, err := loadCursors(dataDir)
	if err != nil {
		return err
	}
	for k, v := range set {
		cur[k] = v
	}
	b, err := json.MarshalIndent(cur, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dataDir, cursorsFile+".tmp")
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return fmt.Errorf("write %s: %w", cursorsFile, err)
	}
	return os.Rename(tmp, filepath.Join(dataDir, cursorsFile))
}

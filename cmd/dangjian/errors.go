package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"dangjian/internal/domain"
	"dangjian/internal/i18n"
	"dangjian/internal/services"
)

// describe turns a service error into a sentence for the operator's terminal, naming each
// field with its problem, in the language of the environment (LANG), Chinese by default.
func describe(set *services.Set, err error) error {
	e, ok := domain.AsError(err)
	if !ok {
		return err
	}
	locale := i18n.Pick("", strings.ReplaceAll(strings.Split(envLang(), ".")[0], "_", "-"))
	msg := set.I18n.T(locale, e.Message, e.Args...)
	if len(e.Fields) == 0 {
		return errors.New(msg)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(msg)
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %s: %s", k, set.I18n.T(locale, e.Fields[k]))
	}
	return errors.New(b.String())
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* ktest.c -- runs the tests registered with TEST() (see ktest.h). */
#include "ktest.h"

extern const struct ktest ktests_start[], ktests_end[];

static bool ktest_cur_failed;

void
ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ktest_cur_failed)
		return;          /* report the first failure of a test only */
	ktest_cur_failed = true;
	kprintf("KTEST FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
}

bool
ktest_failed(void)
{
	return ktest_cur_failed;
}

/* Does one selection item (p, len) name the test?  "prefix*" selects
 * every test whose name starts with prefix, explicit ones included. */
static bool
item_matches(const char *p, size_t len, const char *name)
{
	if (len > 0 && p[len - 1] == '*')
		return strncmp(p, name, len - 1) == 0;
	return len == strlen(name) && strncmp(p, name, len) == 0;
}

/* Is name in the comma-separated selection ("all" selects everything)? */
static bool
selected(const char *sel, const struct ktest *t)
{
	if (strcmp(sel, "all") == 0)
		return !t->explicit_only;
	for (const char *p = sel; *p;) {
		const char *e = p;
		while (*e && *e != ',')
			e++;
		if (item_matches(p, (size_t)(e - p), t->name))
			return true;
		p = *e ? e + 1 : e;
	}
	return false;
}

unsigned
ktest_run(const char *sel)
{
	unsigned n = 0, passed = 0, failed = 0;

	for (const struct ktest *t = ktests_start; t < ktests_end; t++)
		n += selected(sel, t);
	kprintf("KTEST BEGIN %u\n", n);
	for (const struct ktest *t = ktests_start; t < ktests_end; t++) {
		if (!selected(sel, t))
			continue;
		kprintf("KTEST RUN %s: %s\n", t->name, t->what);
		ktest_cur_failed = false;
		t->fn();
		if (ktest_cur_failed) {
			kprintf("KTEST FAILED %s\n", t->name);
			failed++;
		} else {
			kprintf("KTEST PASS %s\n", t->name);
			passed++;
		}
	}
	kprintf("KTEST END passed=%u failed=%u\n", passed, failed);
	return failed;
}

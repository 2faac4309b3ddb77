/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hal.c -- bring-up order and the small machine services of hal.h.
 *
 * Order matters: the console first (so anything can be reported), then
 * the multiboot data (copied before paging_init drops the identity map),
 * CPU tables and the FPU, paging, the interrupt controllers and the timer.
 */
#include "kernel/hal.h"
#include "arch/i386/arch.h"
#include "arch/i386/io.h"

#define DEBUG_EXIT_PORT 0xf4

void
hal_init(uint32_t mb_magic, uint32_t mb_info)
{
	serial_init();
	gdt_init();
	idt_init();
	sysenter_init();
	fpu_init();
	multiboot_init(mb_magic, mb_info);
	paging_init();
	fwcfg_init();
	pic_init();
	pit_init(HAL_TICK_HZ);
}

void
hal_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

void
hal_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

void
hal_wait_for_interrupt(void)
{
	__asm__ volatile("sti; hlt" ::: "memory");
}

void
hal_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

void
hal_exit(unsigned status)
{
	outl(DEBUG_EXIT_PORT, status);
	hal_halt();
}

/* Find key in a space-separated "k=v k2 k3=v3" string. */
static const char *
option_in(const char *s, const char *key)
{
	static char val[128];
	size_t klen = strlen(key);

	while (*s) {
		while (*s == ' ')
			s++;
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		if ((size_t)(s - w) < klen || strncmp(w, key, klen) != 0)
			continue;
		if (w + klen == s)
			return "";
		if (w[klen] != '=')
			continue;
		size_t n = (size_t)(s - w) - klen - 1;
		if (n >= sizeof val)
			n = sizeof val - 1;
		memcpy(val, w + klen + 1, n);
		val[n] = 0;
		return val;
	}
	return 0;
}

const char *
hal_option(const char *key)
{
	const char *v = option_in(fwcfg_cmdline(), key);
	return v ? v : option_in(multiboot_cmdline(), key);
}

/* Decimal boot option, or dflt if absent or malformed. */
uint32_t
hal_option_u32(const char *key, uint32_t dflt)
{
	const char *o = hal_option(key);
	uint32_t v = 0;

	if (!o || !*o)
		return dflt;
	for (; *o; o++) {
		if (*o < '0' || *o > '9' || v > 100000000u)
			return dflt;
		v = v * 10 + (uint32_t)(*o - '0');
	}
	return v;
}

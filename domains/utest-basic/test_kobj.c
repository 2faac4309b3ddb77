/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_kobj.c -- the wrappers of the kernel objects any process holds:
 * Number, Discrim, SysInfo, Console, and the errors of invoking
 * nothing.  Needs the Number of main.c's comment in register
 * UTEST_BASIC_NUMBER.
 */
#include "cairn/cairn.h"
#include "cairn/utest.h"

#define UTEST_BASIC_NUMBER CR_FIRST_FREE

TEST(number_read, "a Number capability answers its three words")
{
	uint32_t w[3] = { 0, 0, 0 };

	CHECK_RC(number_read(UTEST_BASIC_NUMBER, w), RC_OK);
	CHECK_EQ(w[0], 0x11111111u);
	CHECK_EQ(w[1], 0x22222222u);
	CHECK_EQ(w[2], 0x33333333u);
}

TEST(unknown_and_void, "an unknown order and a Void register are refused")
{
	cairn_msg_t m = CAIRN_MSG(0x7777);
	uint32_t w[3];

	CHECK_RC(cairn_call(UTEST_BASIC_NUMBER, &m), RC_UNKNOWN_REQUEST);
	CHECK_RC(number_read(CR_VOID, w), RC_VOID);
}

TEST(discrim_classify, "Discrim names the types of the conventional registers")
{
	struct discrim_class c;

	CHECK_RC(discrim_classify(CR_DISCRIM, CR_CONSOLE, &c), RC_OK);
	CHECK_EQ(c.type, CT_CONSOLE);
	CHECK_RC(discrim_classify(CR_DISCRIM, CR_SELF, &c), RC_OK);
	CHECK_EQ(c.type, CT_PROCESS);
	CHECK_RC(discrim_classify(CR_DISCRIM, UTEST_BASIC_NUMBER, &c), RC_OK);
	CHECK_EQ(c.type, CT_NUMBER);
	CHECK_EQ(c.restr, 0);
	CHECK_RC(discrim_classify(CR_DISCRIM, CR_VOID, &c), RC_OK);
	CHECK_EQ(c.type, CT_VOID);
}

TEST(discrim_compare, "Discrim compares a capability with itself and another")
{
	int same = -1;

	CHECK_RC(discrim_compare(CR_DISCRIM, CR_SELF, CR_SELF, &same), RC_OK);
	CHECK_EQ(same, 1);
	CHECK_RC(discrim_compare(CR_DISCRIM, CR_SELF, CR_CONSOLE, &same), RC_OK);
	CHECK_EQ(same, 0);
}

TEST(sysinfo_counters, "SysInfo pools are sane and lookups only grow")
{
	struct sysinfo_objcache a, b;
	struct sysinfo_pools p;

	CHECK_RC(sysinfo_objcache(CR_SYSINFO, &a), RC_OK);
	CHECK_RC(sysinfo_pools(CR_SYSINFO, &p), RC_OK);
	CHECK(p.node_pool > 0 && p.page_pool > 0);
	CHECK(p.nodes_used <= p.node_pool && p.pages_used <= p.page_pool);
	CHECK_RC(sysinfo_objcache(CR_SYSINFO, &b), RC_OK);
	CHECK(b.lookups >= a.lookups && b.faults >= a.faults);
	CHECK_RC(cairn_call(CR_SYSINFO, &CAIRN_MSG(0x7777)), RC_UNKNOWN_REQUEST);
}

TEST(console_write, "the console takes a string directly and an empty one")
{
	static const char line[] = "utest-basic: a line written without printf\n";

	CHECK_EQ(printf_flush(), RC_OK);
	CHECK_RC(console_write(CR_CONSOLE, line, sizeof line - 1), RC_OK);
	CHECK_RC(console_write(CR_CONSOLE, "", 0), RC_OK);
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* process.c -- wrappers for the Process orders (cairn/kobj.h). */
#include "kcall.h"

int
process_state(capreg_t proc, struct process_state *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_STATE);
	int rc = kcall_words(proc, &m);

	if (rc == RC_OK)
		*out = (struct process_state){ m.w[0], m.w[1], m.w[2], m.w[3] };
	return rc;
}

int
process_start(capreg_t proc, uint32_t eip, uint32_t esp)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_START, eip, esp);
	return kcall_words(proc, &m);
}

int
process_halt(capreg_t proc)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_HALT);
	return kcall_words(proc, &m);
}

int
process_swap_slot(capreg_t proc, unsigned slot, capreg_t in, capreg_t out)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_SWAP_SLOT, slot);
	return kcall(proc, &m, in, KC_NONE, out, NULL);
}

int
process_make_start(capreg_t proc, unsigned badge, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_MAKE_START, badge);
	return kcall_cap_out(proc, &m, to);
}

int
process_get_regs(capreg_t proc, unsigned group, uint32_t regs[3])
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_GET_REGS, group);
	int rc = kcall_words(proc, &m);

	if (rc == RC_OK)
		for (unsigned i = 0; i < 3; i++)
			regs[i] = m.w[i];
	return rc;
}

int
process_set_regs(capreg_t proc, unsigned group, const uint32_t regs[3])
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_SET_REGS, group, regs[0], regs[1], regs[2]);
	return kcall_words(proc, &m);
}

int
process_resume_fault(capreg_t proc)
{
	cairn_msg_t m = CAIRN_MSG(OC_PROCESS_RESUME_FAULT);
	return kcall_words(proc, &m);
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* sysinfo.c -- wrappers for the SysInfo orders (cairn/kobj.h). */
#include "kcall.h"
#include "cairn/string.h"

int
sysinfo_objcache(capreg_t si, struct sysinfo_objcache *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_OBJCACHE);
	int rc = kcall_words(si, &m);

	if (rc == RC_OK)
		*out = (struct sysinfo_objcache){ m.w[0], m.w[1], m.w[2], m.w[3] };
	return rc;
}

int
sysinfo_pools(capreg_t si, struct sysinfo_pools *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_POOLS);
	int rc = kcall_words(si, &m);

	if (rc == RC_OK)
		*out = (struct sysinfo_pools){ m.w[0], m.w[1], m.w[2], m.w[3] };
	return rc;
}

int
sysinfo_memory(capreg_t si, struct sysinfo_memory *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_MEMORY);
	int rc = kcall_words(si, &m);

	if (rc == RC_OK)
		*out = (struct sysinfo_memory){ m.w[0], m.w[1], m.w[2], m.w[3] };
	return rc;
}

int
sysinfo_process(capreg_t si, uint32_t from, struct sysinfo_proc *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_PROCESS, from);
	char name[PROC_NAME_MAX];
	struct kcall_str str = { .rcv = name, .rcv_max = sizeof name };
	int rc = kcall(si, &m, KC_NONE, KC_NONE, KC_NONE, &str);

	if (rc != RC_OK)
		return rc;
	out->index = m.w[0];
	out->oid = m.w[1] | (uint64_t)m.w[2] << 32;
	out->state = SYSINFO_PS_STATE(m.w[3]);
	out->prio = SYSINFO_PS_PRIO(m.w[3]);
	out->fault = SYSINFO_PS_FAULT(m.w[3]);
	out->asleep = (m.w[3] & SYSINFO_PS_ASLEEP) != 0;
	out->queue = SYSINFO_PS_QUEUE(m.w[3]);
	memcpy(out->name, name, sizeof name);
	out->name[PROC_NAME_MAX] = 0;
	return RC_OK;
}

int
sysinfo_dirty(capreg_t si, uint32_t *nodes, uint32_t *pages)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_DIRTY);
	int rc = kcall_words(si, &m);

	if (rc == RC_OK) {
		*nodes = m.w[0];
		*pages = m.w[1];
	}
	return rc;
}

int
sysinfo_wakeups(capreg_t si, uint32_t *fwd, uint32_t *stalled)
{
	cairn_msg_t m = CAIRN_MSG(OC_SYSINFO_WAKEUPS);
	int rc = kcall_words(si, &m);

	if (rc == RC_OK) {
		*fwd = m.w[0];
		*stalled = m.w[1];
	}
	return rc;
}

/* SPDX-License-Identifier: BSD-2-Clause */
/* sysinfo.c -- wrappers for the SysInfo orders (cairn/kobj.h). */
#include "kcall.h"

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

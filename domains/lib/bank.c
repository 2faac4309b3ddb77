/* SPDX-License-Identifier: BSD-2-Clause */
/* bank.c -- wrappers for the space bank's orders (cairn/bank.h). */
#include "kcall.h"
#include "cairn/bank.h"

int
bank_alloc(capreg_t bank, unsigned kind, unsigned n, const capreg_t *to)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_ALLOC, kind, n);
	struct ipc_desc d;

	if (n < 1 || n > BANK_ALLOC_MAX)
		return RC_BAD_ARG;
	cairn_desc_init(&d);
	for (unsigned i = 0; i < n; i++)
		d.rcv_cap[i] = (uint8_t)to[i];
	m.desc = &d;
	return cairn_call(bank, &m);
}

int
bank_alloc_node(capreg_t bank, capreg_t to)
{
	return bank_alloc(bank, BANK_KIND_NODE, 1, &to);
}

int
bank_alloc_page(capreg_t bank, capreg_t to)
{
	return bank_alloc(bank, BANK_KIND_PAGE, 1, &to);
}

int
bank_alloc_into(capreg_t bank, unsigned kind, capreg_t node, unsigned slot, unsigned n)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_ALLOC_INTO, kind, slot, n);
	return kcall_cap_in(bank, &m, node);
}

int
bank_free(capreg_t bank, capreg_t obj)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_FREE);
	return kcall_cap_in(bank, &m, obj);
}

int
bank_create_sub(capreg_t bank, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_CREATE_SUB);
	return kcall_cap_out(bank, &m, to);
}

int
bank_set_limit(capreg_t bank, unsigned kind, uint32_t limit)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_SET_LIMIT, kind, limit);
	return kcall_words(bank, &m);
}

int
bank_limits(capreg_t bank, struct bank_limits *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_LIMITS);
	int rc = kcall_words(bank, &m);

	if (rc == RC_OK)
		*out = (struct bank_limits){ m.w[0], m.w[1] };
	return rc;
}

int
bank_usage(capreg_t bank, struct bank_usage *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_USAGE);
	int rc = kcall_words(bank, &m);

	if (rc == RC_OK)
		*out = (struct bank_usage){ m.w[0], m.w[1], m.w[2], m.w[3] };
	return rc;
}

int
bank_destroy(capreg_t bank)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_DESTROY);
	return kcall_words(bank, &m);
}

int
bank_destroy_with_space(capreg_t bank)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_DESTROY_SPACE);
	return kcall_words(bank, &m);
}

int
bank_verify(capreg_t bank, capreg_t obj, int *yes)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_VERIFY);
	int rc = kcall_cap_in(bank, &m, obj);

	if (rc == RC_OK)
		*yes = (int)m.w[0];
	return rc;
}

int
bank_restrict(capreg_t bank, unsigned restr, capreg_t to)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_RESTRICT, restr);
	return kcall_cap_out(bank, &m, to);
}

int
bank_identify(capreg_t bank, struct bank_ident *out)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_IDENTIFY);
	int rc = kcall_words(bank, &m);

	if (rc == RC_OK)
		*out = (struct bank_ident){ m.w[0], m.w[1], m.w[2] };
	return rc;
}

int
bank_check_all(capreg_t bank, uint32_t *problems, uint32_t *unreadable)
{
	cairn_msg_t m = CAIRN_MSG(OC_BANK_CHECK);
	int rc = kcall_words(bank, &m);

	if (rc == RC_OK) {
		*problems = m.w[0];
		if (unreadable)
			*unreadable = m.w[1];
	}
	return rc;
}

int
bank_check(capreg_t bank, uint32_t *problems)
{
	return bank_check_all(bank, problems, NULL);
}

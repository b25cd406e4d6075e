/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A minimal intrusive, circular, doubly linked list. */
#ifndef _LIBDAXCTL_LIST_H_
#define _LIBDAXCTL_LIST_H_

#include <stddef.h>
#include <stdbool.h>

struct list_node {
	struct list_node *next;
	struct list_node *prev;
};

struct list_head {
	struct list_node n;
};

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline void list_head_init(struct list_head *h)
{
	h->n.next = &h->n;
	h->n.prev = &h->n;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->n.next == &h->n;
}

/* Insert @node right before @pos (at the tail when @pos is the head). */
static inline void list_insert_before(struct list_node *pos,
				      struct list_node *node)
{
	node->prev = pos->prev;
	node->next = pos;
	pos->prev->next = node;
	pos->prev = node;
}

static inline void list_add_tail(struct list_head *h, struct list_node *node)
{
	list_insert_before(&h->n, node);
}

static inline void list_del(struct list_node *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	node->next = node;
	node->prev = node;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

/* The entry after @pos, or NULL when @pos is the last one of @h. */
#define list_next_entry_or_null(h, pos, member) \
	((pos)->member.next == &(h)->n ? NULL : \
	 list_entry((pos)->member.next, __typeof__(*(pos)), member))

#define list_first_entry_or_null(h, type, member) \
	(list_empty(h) ? NULL : list_entry((h)->n.next, type, member))

#define list_for_each(h, pos, member) \
	for (pos = list_entry((h)->n.next, __typeof__(*pos), member); \
	     &pos->member != &(h)->n; \
	     pos = list_entry(pos->member.next, __typeof__(*pos), member))

#define list_for_each_safe(h, pos, nxt, member) \
	for (pos = list_entry((h)->n.next, __typeof__(*pos), member), \
	     nxt = list_entry(pos->member.next, __typeof__(*pos), member); \
	     &pos->member != &(h)->n; \
	     pos = nxt, \
	     nxt = list_entry(nxt->member.next, __typeof__(*nxt), member))

#endif /* _LIBDAXCTL_LIST_H_ */

/*
 * ankerl::unordered_dense (5.3.2) API subset on top of the C++ standard library.
 *
 * Debian 12 does not package unordered_dense, and nothing but Debian's archive
 * and the npm registry may supply the build. The worker uses only
 * unordered_dense::map, ::set (as drop-in hash containers) and ::hash (as a
 * per-field hash it combines itself). std::unordered_map/set give every
 * guarantee unordered_dense gives and more: references stay valid on insert,
 * and erase(iterator) returns the next element to visit in both. One guarantee
 * differs: unordered_dense iterates in insertion order (until an erase moves the
 * last element into the hole), std in an unspecified order; nothing the worker
 * iterates may depend on that (checked for the Producer's streams handed to a
 * new Consumer: they are placed by SSRC, not by order). What is lost
 * is speed (node-based instead of a dense vector), which at a video counter's
 * scale (a few transports and streams per call) does not show.
 */
#ifndef VIDEOLOKET_ANKERL_UNORDERED_DENSE_H
#define VIDEOLOKET_ANKERL_UNORDERED_DENSE_H

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	/* unordered_dense::hash returns 64 bits; std::hash returns size_t, which is
	 * 64 bits on the platforms we build for. */
	template<class T>
	struct hash
	{
		uint64_t operator()(const T& value) const noexcept(noexcept(std::hash<T>{}(value)))
		{
			return static_cast<uint64_t>(std::hash<T>{}(value));
		}
	};

	template<
	  class Key,
	  class T,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  class Key,
	  class Hash      = hash<Key>,
	  class KeyEqual  = std::equal_to<Key>,
	  class Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

#endif /* VIDEOLOKET_ANKERL_UNORDERED_DENSE_H */

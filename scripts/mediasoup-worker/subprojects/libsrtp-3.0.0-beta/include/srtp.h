/*
 * libsrtp 3 API on top of Debian's libsrtp2 (2.5).
 *
 * The mediasoup worker is written against versatica's libsrtp 3.0.0-beta:
 * protect/unprotect take separate input and output buffers with size_t
 * lengths and an MKI index, and streams are removed with
 * srtp_stream_remove(). libsrtp2 protects in place with int lengths and names
 * that call srtp_remove_stream(). The worker is C++, so we add C++ overloads
 * next to libsrtp2's extern "C" functions; overload resolution picks ours
 * because the argument types differ.
 */
#ifndef VIDEOLOKET_SRTP3_COMPAT_H
#define VIDEOLOKET_SRTP3_COMPAT_H

#include <srtp2/srtp.h>

#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>

/* Error codes libsrtp 3 added after srtp_err_status_pkt_idx_adv (27). The
 * worker only uses them as keys of its error-string table; libsrtp2 never
 * returns them. */
#define srtp_err_status_buffer_small (static_cast<srtp_err_status_t>(28))
#define srtp_err_status_cryptex_err (static_cast<srtp_err_status_t>(29))

namespace videoloket_srtp3_compat
{
	using protect_fn = srtp_err_status_t (*)(srtp_t, void*, int*);
	using trailer_fn = srtp_err_status_t (*)(srtp_t, uint32_t, uint32_t, uint32_t*);

	/* libsrtp2 writes the trailer after the packet in the same buffer. Ask it
	 * for the exact trailer length of this session rather than reserving
	 * SRTP_MAX_TRAILER_LEN (144 bytes): the worker hands us output buffers
	 * sized for real packets (e.g. the io_uring send buffers), and a 144-byte
	 * reserve would make us refuse packets that fit. */
	inline srtp_err_status_t protect(
	  protect_fn fn,
	  trailer_fn trailerFn,
	  srtp_t ctx,
	  const uint8_t* in,
	  size_t inLen,
	  uint8_t* out,
	  size_t* outLen)
	{
		uint32_t trailer = 0;
		srtp_err_status_t err = trailerFn(ctx, 0, 0, &trailer);

		if (err != srtp_err_status_ok)
			return err;
		if (inLen > static_cast<size_t>(INT_MAX) - trailer || inLen + trailer > *outLen)
			return srtp_err_status_buffer_small;
		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);

		err = fn(ctx, out, &len);
		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}

	inline srtp_err_status_t unprotect(
	  protect_fn fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen)
	{
		if (inLen > static_cast<size_t>(INT_MAX) || inLen > *outLen)
			return srtp_err_status_buffer_small;
		if (out != in)
			std::memmove(out, in, inLen);

		int len = static_cast<int>(inLen);
		const srtp_err_status_t err = fn(ctx, out, &len);

		if (err == srtp_err_status_ok)
			*outLen = static_cast<size_t>(len);

		return err;
	}
} // namespace videoloket_srtp3_compat

inline srtp_err_status_t srtp_protect(
  srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mkiIndex*/)
{
	return videoloket_srtp3_compat::protect(
	  ::srtp_protect, ::srtp_get_protect_trailer_length, ctx, rtp, rtpLen, srtp, srtpLen);
}

inline srtp_err_status_t srtp_protect_rtcp(
  srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mkiIndex*/)
{
	return videoloket_srtp3_compat::protect(
	  ::srtp_protect_rtcp, ::srtp_get_protect_rtcp_trailer_length, ctx, rtcp, rtcpLen, srtcp, srtcpLen);
}

inline srtp_err_status_t srtp_unprotect(
  srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen)
{
	return videoloket_srtp3_compat::unprotect(::srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen);
}

inline srtp_err_status_t srtp_unprotect_rtcp(
  srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen)
{
	return videoloket_srtp3_compat::unprotect(
	  ::srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen);
}

/* libsrtp 3 renamed srtp_remove_stream(); both take the SSRC in network order. */
inline srtp_err_status_t srtp_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

#endif /* __cplusplus */
#endif /* VIDEOLOKET_SRTP3_COMPAT_H */

// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_BGP_WIRE_H
#define EXPRESSROUTE_BGP_WIRE_H

// Internals of the BGP-4 codec shared by its two files: big-endian reader and writer, the
// attribute type codes and flags, and the path attribute codec (expressroute-bgp-attributes.cc)
// that the message codec (expressroute-bgp-message.cc) calls. Not part of the module's API.

#include "expressroute-bgp-message.h"

namespace ns3
{
namespace expressroute
{
namespace bgpwire
{

// Attribute type codes (RFC 4271 §5, RFC 1997, RFC 4360, RFC 4760, RFC 6793, RFC 8092,
// RFC 9234) and flag bits (RFC 4271 §4.3).
constexpr uint8_t kOriginType = 1;
constexpr uint8_t kAsPathType = 2;
constexpr uint8_t kNextHopType = 3;
constexpr uint8_t kMedType = 4;
constexpr uint8_t kLocalPrefType = 5;
constexpr uint8_t kAtomicAggregateType = 6;
constexpr uint8_t kAggregatorType = 7;
constexpr uint8_t kCommunitiesType = 8;
constexpr uint8_t kMpReachType = 14;
constexpr uint8_t kMpUnreachType = 15;
constexpr uint8_t kExtendedCommunitiesType = 16;
constexpr uint8_t kAs4PathType = 17;
constexpr uint8_t kAs4AggregatorType = 18;
constexpr uint8_t kLargeCommunitiesType = 32;
constexpr uint8_t kOnlyToCustomerType = 35;

constexpr uint8_t kOptional = 0x80;
constexpr uint8_t kTransitive = 0x40;
constexpr uint8_t kPartial = 0x20;
constexpr uint8_t kExtendedLength = 0x10;

class Writer
{
  public:
    void U8(uint8_t v) { m_out.push_back(v); }

    void U16(uint16_t v)
    {
        U8(static_cast<uint8_t>(v >> 8));
        U8(static_cast<uint8_t>(v));
    }

    void U32(uint32_t v)
    {
        U16(static_cast<uint16_t>(v >> 16));
        U16(static_cast<uint16_t>(v));
    }

    void Bytes(const std::vector<uint8_t>& b) { m_out.insert(m_out.end(), b.begin(), b.end()); }

    void Prefix(const Ipv4Prefix& p)
    {
        U8(p.length);
        for (int i = 0; i < (p.length + 7) / 8; ++i)
        {
            U8(static_cast<uint8_t>(p.address >> (24 - 8 * i)));
        }
    }

    void PatchU16(std::size_t at, uint16_t v)
    {
        m_out[at] = static_cast<uint8_t>(v >> 8);
        m_out[at + 1] = static_cast<uint8_t>(v);
    }

    std::size_t Size() const { return m_out.size(); }
    std::vector<uint8_t>& Out() { return m_out; }

  private:
    std::vector<uint8_t> m_out;
};

/// Big-endian reader over one message; callers check Left() before reading.
class Reader
{
  public:
    Reader(const uint8_t* p, std::size_t n)
        : m_p(p),
          m_n(n)
    {
    }

    std::size_t Left() const { return m_n - m_i; }
    std::size_t Pos() const { return m_i; }
    const uint8_t* Here() const { return m_p + m_i; }

    uint8_t U8() { return m_p[m_i++]; }

    uint16_t U16()
    {
        const uint16_t v = static_cast<uint16_t>(m_p[m_i] << 8 | m_p[m_i + 1]);
        m_i += 2;
        return v;
    }

    uint32_t U32()
    {
        const uint32_t v = static_cast<uint32_t>(m_p[m_i]) << 24 |
                           static_cast<uint32_t>(m_p[m_i + 1]) << 16 |
                           static_cast<uint32_t>(m_p[m_i + 2]) << 8 | m_p[m_i + 3];
        m_i += 4;
        return v;
    }

    void Skip(std::size_t k) { m_i += k; }
    void Seek(std::size_t at) { m_i = at; }

  private:
    const uint8_t* m_p;
    std::size_t m_n;
    std::size_t m_i{0};
};

/// Reads prefixes (RFC 4271 §4.3 encoding) from @p n bytes; returns false on a bad length.
bool ReadPrefixes(Reader& r, std::size_t n, std::vector<Ipv4Prefix>& out, std::string& why);

/// The path attributes of @p u (with MP_REACH_NLRI for its mpNlri), in ascending type order.
std::vector<uint8_t> EncodeAttributes(const BgpUpdate& u, bool fourOctetAs);

/**
 * Decodes the @p total bytes of path attributes at @p r into @p u with RFC 7606's error
 * handling: returns an error only when the session must be reset; sets u.treatAsWithdraw and
 * records u.attributeErrors otherwise. Leaves @p r at the end of the attributes.
 */
std::optional<BgpDecodeError> DecodeAttributes(Reader& r,
                                               std::size_t total,
                                               bool fourOctetAs,
                                               BgpUpdate& u);

} // namespace bgpwire
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_BGP_WIRE_H

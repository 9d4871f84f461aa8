// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-bgp-message.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

namespace
{

// Attribute type codes (RFC 4271 §5, RFC 1997) and flag bits (RFC 4271 §4.3).
constexpr uint8_t kOriginType = 1;
constexpr uint8_t kAsPathType = 2;
constexpr uint8_t kNextHopType = 3;
constexpr uint8_t kMedType = 4;
constexpr uint8_t kLocalPrefType = 5;
constexpr uint8_t kAtomicAggregateType = 6;
constexpr uint8_t kAggregatorType = 7;
constexpr uint8_t kCommunitiesType = 8;

constexpr uint8_t kOptional = 0x80;
constexpr uint8_t kTransitive = 0x40;
constexpr uint8_t kPartial = 0x20;
constexpr uint8_t kExtendedLength = 0x10;

constexpr uint8_t kCapabilitiesParameter = 2; // RFC 5492
constexpr uint8_t kCapMultiprotocol = 1;      // RFC 4760
constexpr uint8_t kCapFourOctetAs = 65;       // RFC 6793

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

/// Bounds-checked big-endian reader over one message.
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

  private:
    const uint8_t* m_p;
    std::size_t m_n;
    std::size_t m_i{0};
};

BgpDecodeError
Error(uint8_t code, uint8_t subcode, std::string reason, std::vector<uint8_t> data = {})
{
    return BgpDecodeError{code, subcode, std::move(data), std::move(reason)};
}

std::vector<uint8_t>
U16Data(uint16_t v)
{
    return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

void
WriteHeader(Writer& w, BgpMessageType type)
{
    for (int i = 0; i < 16; ++i)
    {
        w.U8(0xff);
    }
    w.U16(0); // length, patched at the end
    w.U8(static_cast<uint8_t>(type));
}

void
WriteAttribute(Writer& w, uint8_t flags, uint8_t type, const std::vector<uint8_t>& value)
{
    if (value.size() > 255)
    {
        w.U8(flags | kExtendedLength);
        w.U8(type);
        w.U16(static_cast<uint16_t>(value.size()));
    }
    else
    {
        w.U8(flags);
        w.U8(type);
        w.U8(static_cast<uint8_t>(value.size()));
    }
    w.Bytes(value);
}

std::vector<uint8_t>
EncodeAttributes(const BgpPathAttributes& a)
{
    Writer w;
    if (a.origin)
    {
        WriteAttribute(w, kTransitive, kOriginType, {static_cast<uint8_t>(*a.origin)});
    }
    if (a.asPath)
    {
        Writer v;
        for (const auto& seg : *a.asPath)
        {
            // A segment holds at most 255 ASNs; longer paths take several segments.
            for (std::size_t start = 0; start < seg.asns.size() || start == 0; start += 255)
            {
                const std::size_t n = std::min<std::size_t>(255, seg.asns.size() - start);
                v.U8(seg.type);
                v.U8(static_cast<uint8_t>(n));
                for (std::size_t i = 0; i < n; ++i)
                {
                    v.U32(seg.asns[start + i]);
                }
                if (seg.asns.empty())
                {
                    break;
                }
            }
        }
        WriteAttribute(w, kTransitive, kAsPathType, v.Out());
    }
    if (a.nextHop)
    {
        Writer v;
        v.U32(*a.nextHop);
        WriteAttribute(w, kTransitive, kNextHopType, v.Out());
    }
    if (a.med)
    {
        Writer v;
        v.U32(*a.med);
        WriteAttribute(w, kOptional, kMedType, v.Out());
    }
    if (a.localPref)
    {
        Writer v;
        v.U32(*a.localPref);
        WriteAttribute(w, kTransitive, kLocalPrefType, v.Out());
    }
    if (!a.communities.empty())
    {
        Writer v;
        for (uint32_t c : a.communities)
        {
            v.U32(c);
        }
        WriteAttribute(w, kOptional | kTransitive, kCommunitiesType, v.Out());
    }
    return w.Out();
}

/// Reads prefixes (RFC 4271 §4.3 encoding) from @p n bytes; returns false on a bad length.
bool
ReadPrefixes(Reader& r, std::size_t n, std::vector<Ipv4Prefix>& out, std::string& why)
{
    const std::size_t end = r.Pos() + n;
    while (r.Pos() < end)
    {
        const uint8_t len = r.U8();
        if (len > 32)
        {
            why = "prefix length " + std::to_string(len) + " is more than 32";
            return false;
        }
        const std::size_t bytes = (len + 7) / 8;
        if (r.Pos() + bytes > end)
        {
            why = "prefix of length " + std::to_string(len) + " runs past its field";
            return false;
        }
        uint32_t addr = 0;
        for (std::size_t i = 0; i < bytes; ++i)
        {
            addr |= static_cast<uint32_t>(r.U8()) << (24 - 8 * i);
        }
        // Trailing bits beyond the length are ignored (RFC 4271 §4.3).
        out.push_back(Ipv4Prefix{addr & Ipv4Prefix::MaskOf(len), len});
    }
    return true;
}

std::variant<BgpMessage, BgpDecodeError>
DecodeOpen(Reader& r, std::size_t length)
{
    if (length < 29)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "OPEN shorter than 29 bytes",
                     U16Data(static_cast<uint16_t>(length)));
    }
    BgpOpen o;
    o.version = r.U8();
    if (o.version != 4)
    {
        return Error(bgperr::kOpen, bgperr::kUnsupportedVersion,
                     "BGP version " + std::to_string(o.version) + " (only 4)", U16Data(4));
    }
    const uint16_t myAs = r.U16();
    o.holdTime = r.U16();
    o.bgpId = r.U32();
    const uint8_t optLen = r.U8();
    if (optLen != r.Left())
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                     "OPEN optional parameters length disagrees with the message length",
                     U16Data(static_cast<uint16_t>(length)));
    }
    if (o.holdTime == 1 || o.holdTime == 2)
    {
        return Error(bgperr::kOpen, bgperr::kUnacceptableHoldTime,
                     "hold time " + std::to_string(o.holdTime) + " s (must be 0 or at least 3)");
    }
    if (o.bgpId == 0 || o.bgpId == 0xffffffffu || (o.bgpId >> 28) >= 0xe)
    {
        return Error(bgperr::kOpen, bgperr::kBadBgpIdentifier, "BGP identifier is not a unicast address");
    }
    o.fourOctetAs = false;
    o.ipv4Unicast = false;
    uint32_t fourOctetAsn = 0;
    while (r.Left() > 0)
    {
        if (r.Left() < 2)
        {
            return Error(bgperr::kOpen, 0, "truncated optional parameter");
        }
        const uint8_t type = r.U8();
        const uint8_t len = r.U8();
        if (len > r.Left())
        {
            return Error(bgperr::kOpen, 0, "optional parameter runs past the message");
        }
        if (type != kCapabilitiesParameter)
        {
            return Error(bgperr::kOpen, bgperr::kUnsupportedOptionalParameter,
                         "optional parameter type " + std::to_string(type));
        }
        const std::size_t end = r.Pos() + len;
        while (r.Pos() < end)
        {
            if (end - r.Pos() < 2)
            {
                return Error(bgperr::kOpen, 0, "truncated capability");
            }
            const uint8_t code = r.U8();
            const uint8_t clen = r.U8();
            if (clen > end - r.Pos())
            {
                return Error(bgperr::kOpen, 0, "capability runs past its parameter");
            }
            if (code == kCapFourOctetAs && clen == 4)
            {
                o.fourOctetAs = true;
                fourOctetAsn = r.U32();
            }
            else if (code == kCapMultiprotocol && clen == 4)
            {
                const uint16_t afi = r.U16();
                r.U8();
                const uint8_t safi = r.U8();
                o.ipv4Unicast = o.ipv4Unicast || (afi == 1 && safi == 1);
            }
            else
            {
                r.Skip(clen); // capabilities we do not use are ignored (RFC 5492 §3)
            }
        }
    }
    o.asn = o.fourOctetAs ? fourOctetAsn : myAs;
    if (o.asn == 0 || (o.fourOctetAs && o.asn <= 0xffff && myAs != o.asn) ||
        (o.fourOctetAs && o.asn > 0xffff && myAs != kAsTrans))
    {
        return Error(bgperr::kOpen, bgperr::kBadPeerAs,
                     "My AS " + std::to_string(myAs) + " disagrees with the 4-octet AS capability " +
                         std::to_string(o.asn));
    }
    return BgpMessage{o};
}

std::variant<BgpMessage, BgpDecodeError>
DecodeAttributes(Reader& r, std::size_t total, bool fourOctetAs, BgpPathAttributes& a)
{
    const std::size_t end = r.Pos() + total;
    uint32_t seen = 0; // bit per attribute type < 32, for duplicates
    while (r.Pos() < end)
    {
        const uint8_t* start = r.Here();
        if (end - r.Pos() < 3)
        {
            return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList, "truncated attribute header");
        }
        const uint8_t flags = r.U8();
        const uint8_t type = r.U8();
        std::size_t len;
        if (flags & kExtendedLength)
        {
            if (end - r.Pos() < 2)
            {
                return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList, "truncated attribute length");
            }
            len = r.U16();
        }
        else
        {
            len = r.U8();
        }
        if (len > end - r.Pos())
        {
            return Error(bgperr::kUpdate, bgperr::kAttributeLengthError,
                         "attribute " + std::to_string(type) + " runs past the attribute list");
        }
        const std::vector<uint8_t> whole(start, r.Here() + len);
        if (type < 32)
        {
            if (seen & (1u << type))
            {
                return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList,
                             "attribute " + std::to_string(type) + " appears twice");
            }
            seen |= 1u << type;
        }
        const bool wellKnown = type >= kOriginType && type <= kAggregatorType && type != kMedType &&
                               type != kAggregatorType;
        const bool known = type >= kOriginType && type <= kCommunitiesType;
        if (!known)
        {
            if (!(flags & kOptional))
            {
                return Error(bgperr::kUpdate, bgperr::kUnrecognizedWellKnownAttribute,
                             "unrecognised well-known attribute " + std::to_string(type), whole);
            }
            r.Skip(len); // unrecognised optional attribute: dropped
            continue;
        }
        // Flags of the known attributes (RFC 4271 §5; COMMUNITIES optional transitive).
        const uint8_t expect = wellKnown ? kTransitive
                               : (type == kCommunitiesType || type == kAggregatorType)
                                   ? static_cast<uint8_t>(kOptional | kTransitive)
                                   : kOptional;
        const uint8_t mask = kOptional | kTransitive | (wellKnown ? kPartial : 0);
        if ((flags & mask) != expect)
        {
            return Error(bgperr::kUpdate, bgperr::kAttributeFlagsError,
                         "attribute " + std::to_string(type) + " has flags " + std::to_string(flags),
                         whole);
        }
        auto lengthError = [&](const std::string& what) {
            return Error(bgperr::kUpdate, bgperr::kAttributeLengthError,
                         what + " attribute of length " + std::to_string(len), whole);
        };
        switch (type)
        {
        case kOriginType: {
            if (len != 1)
            {
                return lengthError("ORIGIN");
            }
            const uint8_t v = r.U8();
            if (v > 2)
            {
                return Error(bgperr::kUpdate, bgperr::kInvalidOrigin,
                             "ORIGIN value " + std::to_string(v), whole);
            }
            a.origin = static_cast<BgpOrigin>(v);
            break;
        }
        case kAsPathType: {
            const std::size_t asnSize = fourOctetAs ? 4 : 2;
            const std::size_t segEnd = r.Pos() + len;
            std::vector<BgpAsPathSegment> path;
            while (r.Pos() < segEnd)
            {
                if (segEnd - r.Pos() < 2)
                {
                    return Error(bgperr::kUpdate, bgperr::kMalformedAsPath, "truncated AS_PATH segment");
                }
                BgpAsPathSegment seg;
                seg.type = r.U8();
                const uint8_t count = r.U8();
                if (seg.type != BgpAsPathSegment::kSet && seg.type != BgpAsPathSegment::kSequence)
                {
                    return Error(bgperr::kUpdate, bgperr::kMalformedAsPath,
                                 "AS_PATH segment type " + std::to_string(seg.type));
                }
                if (count == 0 || count * asnSize > segEnd - r.Pos())
                {
                    return Error(bgperr::kUpdate, bgperr::kMalformedAsPath,
                                 "AS_PATH segment of " + std::to_string(count) +
                                     " ASNs does not fit the attribute");
                }
                for (uint8_t i = 0; i < count; ++i)
                {
                    seg.asns.push_back(fourOctetAs ? r.U32() : r.U16());
                }
                path.push_back(std::move(seg));
            }
            a.asPath = std::move(path);
            break;
        }
        case kNextHopType: {
            if (len != 4)
            {
                return lengthError("NEXT_HOP");
            }
            const uint32_t nh = r.U32();
            if (nh == 0 || nh == 0xffffffffu || (nh >> 28) >= 0xe || (nh >> 24) == 127)
            {
                return Error(bgperr::kUpdate, bgperr::kInvalidNextHop,
                             "NEXT_HOP " + FormatIpv4(nh) + " is not a unicast address", whole);
            }
            a.nextHop = nh;
            break;
        }
        case kMedType:
        case kLocalPrefType: {
            if (len != 4)
            {
                return lengthError(type == kMedType ? "MULTI_EXIT_DISC" : "LOCAL_PREF");
            }
            (type == kMedType ? a.med : a.localPref) = r.U32();
            break;
        }
        case kAtomicAggregateType:
            if (len != 0)
            {
                return lengthError("ATOMIC_AGGREGATE");
            }
            break;
        case kAggregatorType:
            if (len != (fourOctetAs ? 8u : 6u))
            {
                return lengthError("AGGREGATOR");
            }
            r.Skip(len);
            break;
        case kCommunitiesType: {
            if (len == 0 || len % 4 != 0)
            {
                return Error(bgperr::kUpdate, bgperr::kOptionalAttributeError,
                             "COMMUNITIES length " + std::to_string(len) + " is not a multiple of 4",
                             whole);
            }
            for (std::size_t i = 0; i < len / 4; ++i)
            {
                a.communities.push_back(r.U32());
            }
            break;
        }
        default:
            r.Skip(len);
        }
    }
    return BgpMessage{BgpKeepalive{}}; // success marker, ignored by the caller
}

std::variant<BgpMessage, BgpDecodeError>
DecodeUpdate(Reader& r, std::size_t length, bool fourOctetAs)
{
    if (length < 23)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "UPDATE shorter than 23 bytes",
                     U16Data(static_cast<uint16_t>(length)));
    }
    BgpUpdate u;
    const uint16_t withdrawnLen = r.U16();
    if (withdrawnLen + 4u > r.Left() + 2u)
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList,
                     "withdrawn routes length " + std::to_string(withdrawnLen) + " too large");
    }
    std::string why;
    if (!ReadPrefixes(r, withdrawnLen, u.withdrawn, why))
    {
        return Error(bgperr::kUpdate, bgperr::kInvalidNetworkField, "withdrawn routes: " + why);
    }
    if (r.Left() < 2)
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList, "no path attribute length");
    }
    const uint16_t attrLen = r.U16();
    if (attrLen > r.Left())
    {
        return Error(bgperr::kUpdate, bgperr::kMalformedAttributeList,
                     "total path attribute length " + std::to_string(attrLen) + " too large");
    }
    auto attrs = DecodeAttributes(r, attrLen, fourOctetAs, u.attributes);
    if (std::holds_alternative<BgpDecodeError>(attrs))
    {
        return attrs;
    }
    if (!ReadPrefixes(r, r.Left(), u.nlri, why))
    {
        return Error(bgperr::kUpdate, bgperr::kInvalidNetworkField, "NLRI: " + why);
    }
    if (!u.nlri.empty())
    {
        // Mandatory well-known attributes when routes are announced (RFC 4271 §5).
        for (auto [present, type] : {std::make_pair(u.attributes.origin.has_value(), kOriginType),
                                     std::make_pair(u.attributes.asPath.has_value(), kAsPathType),
                                     std::make_pair(u.attributes.nextHop.has_value(), kNextHopType)})
        {
            if (!present)
            {
                return Error(bgperr::kUpdate, bgperr::kMissingWellKnownAttribute,
                             "mandatory attribute " + std::to_string(type) + " missing", {type});
            }
        }
    }
    return BgpMessage{std::move(u)};
}

} // namespace

uint32_t
BgpPathAttributes::AsPathLength() const
{
    uint32_t n = 0;
    if (asPath)
    {
        for (const auto& seg : *asPath)
        {
            n += seg.type == BgpAsPathSegment::kSet ? 1 : static_cast<uint32_t>(seg.asns.size());
        }
    }
    return n;
}

uint32_t
BgpPathAttributes::FirstAsn() const
{
    if (asPath && !asPath->empty() && !asPath->front().asns.empty())
    {
        return asPath->front().asns.front();
    }
    return 0;
}

bool
BgpPathAttributes::AsPathContains(uint32_t asn) const
{
    if (asPath)
    {
        for (const auto& seg : *asPath)
        {
            if (std::find(seg.asns.begin(), seg.asns.end(), asn) != seg.asns.end())
            {
                return true;
            }
        }
    }
    return false;
}

std::vector<uint8_t>
EncodeBgpMessage(const BgpMessage& message)
{
    Writer w;
    if (const auto* o = std::get_if<BgpOpen>(&message))
    {
        WriteHeader(w, BgpMessageType::Open);
        w.U8(o->version);
        w.U16(o->asn > 0xffff ? kAsTrans : static_cast<uint16_t>(o->asn));
        w.U16(o->holdTime);
        w.U32(o->bgpId);
        Writer caps;
        if (o->ipv4Unicast)
        {
            caps.U8(kCapMultiprotocol);
            caps.U8(4);
            caps.U16(1); // AFI IPv4
            caps.U8(0);
            caps.U8(1); // SAFI unicast
        }
        if (o->fourOctetAs)
        {
            caps.U8(kCapFourOctetAs);
            caps.U8(4);
            caps.U32(o->asn);
        }
        if (caps.Size() > 0)
        {
            w.U8(static_cast<uint8_t>(caps.Size() + 2));
            w.U8(kCapabilitiesParameter);
            w.U8(static_cast<uint8_t>(caps.Size()));
            w.Bytes(caps.Out());
        }
        else
        {
            w.U8(0);
        }
    }
    else if (const auto* u = std::get_if<BgpUpdate>(&message))
    {
        WriteHeader(w, BgpMessageType::Update);
        Writer withdrawn;
        for (const auto& p : u->withdrawn)
        {
            withdrawn.Prefix(p);
        }
        w.U16(static_cast<uint16_t>(withdrawn.Size()));
        w.Bytes(withdrawn.Out());
        const auto attrs = EncodeAttributes(u->attributes);
        w.U16(static_cast<uint16_t>(attrs.size()));
        w.Bytes(attrs);
        for (const auto& p : u->nlri)
        {
            w.Prefix(p);
        }
    }
    else if (const auto* n = std::get_if<BgpNotification>(&message))
    {
        WriteHeader(w, BgpMessageType::Notification);
        w.U8(n->code);
        w.U8(n->subcode);
        w.Bytes(n->data);
    }
    else
    {
        WriteHeader(w, BgpMessageType::Keepalive);
    }
    w.PatchU16(16, static_cast<uint16_t>(w.Size()));
    return w.Out();
}

std::variant<BgpMessage, BgpDecodeError>
DecodeBgpMessage(const uint8_t* bytes, std::size_t size, bool fourOctetAs)
{
    if (size < kBgpHeaderSize)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength, "shorter than a BGP header",
                     U16Data(static_cast<uint16_t>(size)));
    }
    Reader r(bytes, size);
    for (int i = 0; i < 16; ++i)
    {
        if (r.U8() != 0xff)
        {
            return Error(bgperr::kHeader, bgperr::kConnectionNotSynchronized, "marker is not all ones");
        }
    }
    const uint16_t length = r.U16();
    const uint8_t type = r.U8();
    if (length < kBgpHeaderSize || length > kBgpMaxMessageSize || length != size)
    {
        return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                     "length field " + std::to_string(length), U16Data(length));
    }
    switch (type)
    {
    case static_cast<uint8_t>(BgpMessageType::Open):
        return DecodeOpen(r, length);
    case static_cast<uint8_t>(BgpMessageType::Update):
        return DecodeUpdate(r, length, fourOctetAs);
    case static_cast<uint8_t>(BgpMessageType::Notification): {
        if (length < 21)
        {
            return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                         "NOTIFICATION shorter than 21 bytes", U16Data(length));
        }
        BgpNotification n;
        n.code = r.U8();
        n.subcode = r.U8();
        n.data.assign(r.Here(), r.Here() + r.Left());
        return BgpMessage{std::move(n)};
    }
    case static_cast<uint8_t>(BgpMessageType::Keepalive):
        if (length != kBgpHeaderSize)
        {
            return Error(bgperr::kHeader, bgperr::kBadMessageLength,
                         "KEEPALIVE of " + std::to_string(length) + " bytes", U16Data(length));
        }
        return BgpMessage{BgpKeepalive{}};
    default:
        return Error(bgperr::kHeader, bgperr::kBadMessageType,
                     "message type " + std::to_string(type), {type});
    }
}

std::size_t
MaxPrefixesPerUpdate(const BgpPathAttributes& attributes, uint8_t length)
{
    const std::size_t fixed = kBgpHeaderSize + 4 + EncodeAttributes(attributes).size();
    return (kBgpMaxMessageSize - fixed) / (1 + (length + 7) / 8);
}

} // namespace expressroute
} // namespace ns3

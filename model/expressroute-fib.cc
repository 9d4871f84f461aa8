// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-fib.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

void
Fib::Reselect(Slot& slot) const
{
    slot.selected.nextHops.clear();
    for (std::size_t s = 0; s < slot.bySource.size(); ++s)
    {
        if (slot.bySource[s])
        {
            slot.selected.source = static_cast<RouteSource>(s);
            slot.selected.nextHops = *slot.bySource[s];
            return;
        }
    }
}

void
Fib::Set(const Ipv4Prefix& prefix, RouteSource source, std::vector<NextHop> nextHops)
{
    if (nextHops.empty())
    {
        Remove(prefix, source);
        return;
    }
    auto& table = m_byLength[prefix.length];
    auto [it, inserted] = table.try_emplace(prefix.address);
    Slot& slot = it->second;
    if (inserted)
    {
        slot.selected.prefix = prefix;
        m_lengthsPresent |= (1ull << prefix.length);
        ++m_size;
    }
    slot.bySource[static_cast<std::size_t>(source)] = std::move(nextHops);
    Reselect(slot);
}

bool
Fib::Remove(const Ipv4Prefix& prefix, RouteSource source)
{
    auto& table = m_byLength[prefix.length];
    auto it = table.find(prefix.address);
    if (it == table.end() || !it->second.bySource[static_cast<std::size_t>(source)])
    {
        return false;
    }
    it->second.bySource[static_cast<std::size_t>(source)].reset();
    Reselect(it->second);
    if (it->second.selected.nextHops.empty())
    {
        table.erase(it);
        --m_size;
        if (table.empty())
        {
            m_lengthsPresent &= ~(1ull << prefix.length);
        }
    }
    return true;
}

void
Fib::Clear(RouteSource source)
{
    for (const auto& entry : Entries())
    {
        Remove(entry.prefix, source);
    }
}

const FibEntry*
Fib::Lookup(uint32_t address) const
{
    uint64_t lengths = m_lengthsPresent;
    while (lengths != 0)
    {
        const int len = 63 - __builtin_clzll(lengths);
        lengths &= ~(1ull << len);
        const auto& table = m_byLength[len];
        auto it = table.find(address & Ipv4Prefix::MaskOf(static_cast<uint8_t>(len)));
        if (it != table.end())
        {
            return &it->second.selected;
        }
    }
    return nullptr;
}

const FibEntry*
Fib::Find(const Ipv4Prefix& prefix) const
{
    const auto& table = m_byLength[prefix.length];
    auto it = table.find(prefix.address);
    return it == table.end() ? nullptr : &it->second.selected;
}

std::vector<FibEntry>
Fib::Entries() const
{
    std::vector<FibEntry> out;
    out.reserve(m_size);
    for (const auto& table : m_byLength)
    {
        for (const auto& [addr, slot] : table)
        {
            out.push_back(slot.selected);
        }
    }
    std::sort(out.begin(), out.end(), [](const FibEntry& x, const FibEntry& y) {
        return x.prefix < y.prefix;
    });
    return out;
}

uint32_t
SelectEcmpPath(uint32_t n,
               uint32_t src,
               uint32_t dst,
               uint8_t protocol,
               uint16_t srcPort,
               uint16_t dstPort,
               uint32_t seed)
{
    if (n <= 1)
    {
        return 0;
    }
    // Each field is folded in through the splitmix64 finaliser in turn, so that flows that
    // differ in one field only (consecutive source ports) land independently.
    auto mix = [](uint64_t x) {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ull;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebull;
        x ^= x >> 31;
        return x;
    };
    uint64_t h = mix(static_cast<uint64_t>(seed) * 0x9e3779b97f4a7c15ull + 1);
    h = mix(h ^ (static_cast<uint64_t>(src) << 32 | dst));
    h = mix(h ^ (static_cast<uint64_t>(protocol) << 32 | static_cast<uint64_t>(srcPort) << 16 |
                 dstPort));
    return static_cast<uint32_t>(h % n);
}

} // namespace expressroute
} // namespace ns3

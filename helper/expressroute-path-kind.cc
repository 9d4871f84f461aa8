// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-path-kind.h"

#include <algorithm>
#include <cstdio>

namespace ns3
{
namespace expressroute
{

namespace
{
/// The middle part of "kind/<name>/rest", or "" when @p node is not of @p kind.
std::string
Part(const std::string& node, const std::string& kind)
{
    if (node.rfind(kind + "/", 0) != 0)
    {
        return "";
    }
    const auto from = kind.size() + 1;
    const auto to = node.find('/', from);
    return node.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

std::string
JoinAnd(const std::vector<std::string>& v)
{
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i)
    {
        out += (i == 0 ? "" : " and ") + v[i];
    }
    return out;
}
} // namespace

std::string
DescribePathKind(const std::vector<std::string>& nodes, const std::string& destination)
{
    if (nodes.empty() || nodes.back() == "(no route)" ||
        (!destination.empty() && nodes.back() != destination))
    {
        return "no path";
    }
    const std::string fromSite = Part(nodes.front(), "site");
    const std::string toSite = Part(nodes.back(), "site");
    std::vector<std::string> locations;
    std::vector<std::string> otherSites;
    std::string vpn;
    for (const auto& n : nodes)
    {
        const std::string location = Part(n, "msee");
        if (!location.empty() && std::find(locations.begin(), locations.end(), location) == locations.end())
        {
            locations.push_back(location);
        }
        const std::string site = Part(n, "site");
        if (!site.empty() && site != fromSite && site != toSite &&
            std::find(otherSites.begin(), otherSites.end(), site) == otherSites.end())
        {
            otherSites.push_back(site);
        }
        if (vpn.empty())
        {
            vpn = Part(n, "internet");
        }
    }
    std::string kind;
    if (!vpn.empty())
    {
        kind = "VPN " + vpn;
    }
    else if (!fromSite.empty() && !toSite.empty() && locations.size() >= 2)
    {
        kind = "Global Reach via " + JoinAnd(locations);
    }
    else if (!locations.empty())
    {
        kind = "ExpressRoute via " + JoinAnd(locations);
    }
    else if (!fromSite.empty() && !toSite.empty())
    {
        kind = "site to site";
    }
    else
    {
        kind = "other";
    }
    return otherSites.empty() ? kind : "WAN via " + JoinAnd(otherSites) + " + " + kind;
}

std::string
DescribePathKinds(const std::vector<std::pair<Time, std::string>>& paths)
{
    std::string out;
    std::string last;
    for (const auto& [at, path] : paths)
    {
        const std::string kind = DescribePathKind(path);
        if (kind == last)
        {
            continue;
        }
        char from[48];
        std::snprintf(from, sizeof(from), " from %.2f s", at.GetSeconds());
        out += out.empty() ? kind : " | " + kind + from;
        last = kind;
    }
    return out;
}

std::string
DescribePathKind(const std::string& path)
{
    std::vector<std::string> nodes;
    std::size_t from = 0;
    while (!path.empty() && from <= path.size())
    {
        const auto to = path.find('>', from);
        nodes.push_back(path.substr(from, to == std::string::npos ? std::string::npos : to - from));
        if (to == std::string::npos)
        {
            break;
        }
        from = to + 1;
    }
    return DescribePathKind(nodes);
}

} // namespace expressroute
} // namespace ns3

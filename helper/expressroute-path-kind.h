// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_PATH_KIND_H
#define EXPRESSROUTE_PATH_KIND_H

// Which way a path goes, in an architect's words, from the node names Topology::TracePath (or
// the flow engine) gives: "ExpressRoute via Chicago", "VPN chi-vpn", "Global Reach via Amsterdam
// and London", "WAN via dal-dc + ExpressRoute via Dallas", "no path" (doc/outputs.md). No
// commas: the words go into CSV columns.

#include "ns3/nstime.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// The kind of the path through @p nodes (source first). @p destination is the node the path
/// must end at ("" = do not check); a path that ends elsewhere, or whose last name is
/// "(no route)", is "no path".
std::string DescribePathKind(const std::vector<std::string>& nodes, const std::string& destination = "");

/// The same for a path written "a>b>c" (flows.csv `path`).
std::string DescribePathKind(const std::string& path);

/// A flow's path kinds over time (FlowRecord::paths), a change of kind each:
/// "ExpressRoute via Chicago | VPN chi-vpn from 10.81 s | ExpressRoute via Chicago from 30.95 s".
std::string DescribePathKinds(const std::vector<std::pair<Time, std::string>>& paths);

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_PATH_KIND_H

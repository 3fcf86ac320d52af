#include "search/hypervolume.h"

#include <algorithm>
#include <stdexcept>

namespace h4h {

namespace {
using Point = std::vector<double>;

double sweep2d(std::vector<const Point*> pts, double rx, double ry) {
  std::sort(pts.begin(), pts.end(), [](const Point* a, const Point* b) {
    return (*a)[0] != (*b)[0] ? (*a)[0] < (*b)[0] : (*a)[1] < (*b)[1];
  });
  double area = 0.0, lastY = ry;
  for (const Point* p : pts) {
    if ((*p)[1] < lastY) {
      area += (rx - (*p)[0]) * (lastY - (*p)[1]);
      lastY = (*p)[1];
    }
  }
  return area;
}

/// Slices along the last of the first `d` coordinates; every point strictly dominates ref.
double slice(std::vector<const Point*> pts, const Point& ref, std::size_t d) {
  if (pts.empty()) return 0.0;
  if (d == 1) {
    double best = ref[0];
    for (const Point* p : pts) best = std::min(best, (*p)[0]);
    return ref[0] - best;
  }
  if (d == 2) return sweep2d(std::move(pts), ref[0], ref[1]);
  const std::size_t k = d - 1;
  std::sort(pts.begin(), pts.end(), [k](const Point* a, const Point* b) { return (*a)[k] < (*b)[k]; });
  double volume = 0.0;
  std::vector<const Point*> active;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    active.push_back(pts[i]);
    const double top = i + 1 < pts.size() ? (*pts[i + 1])[k] : ref[k];
    const double depth = top - (*pts[i])[k];
    if (depth > 0.0) volume += depth * slice(active, ref, k);
  }
  return volume;
}
}  // namespace

double hypervolume(const std::vector<Point>& points, const Point& reference) {
  const std::size_t d = reference.size();
  if (d == 0) return 0.0;
  std::vector<const Point*> inside;
  for (const auto& p : points) {
    if (p.size() != d) throw std::invalid_argument("hypervolume: point and reference sizes differ");
    bool dominates = true;
    for (std::size_t i = 0; i < d && dominates; ++i) dominates = p[i] < reference[i];
    if (dominates) inside.push_back(&p);
  }
  return slice(std::move(inside), reference, d);
}

double normalisedHypervolume(const std::vector<Point>& points, const Point& ideal,
                             const Point& reference) {
  const std::size_t d = reference.size();
  if (ideal.size() != d) throw std::invalid_argument("hypervolume: ideal and reference sizes differ");
  for (std::size_t i = 0; i < d; ++i)
    if (!(ideal[i] < reference[i])) throw std::invalid_argument("hypervolume: ideal must be < reference");
  std::vector<Point> scaled;
  scaled.reserve(points.size());
  for (const auto& p : points) {
    if (p.size() != d) throw std::invalid_argument("hypervolume: point and reference sizes differ");
    Point q(d);
    for (std::size_t i = 0; i < d; ++i) q[i] = (p[i] - ideal[i]) / (reference[i] - ideal[i]);
    scaled.push_back(std::move(q));
  }
  return hypervolume(scaled, Point(d, 1.0));
}

}  // namespace h4h

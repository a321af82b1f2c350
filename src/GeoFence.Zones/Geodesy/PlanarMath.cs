namespace GeoFence.Zones.Geodesy;

/// <summary>Planar primitives on frame metres: distances between points, segments and rectangles.</summary>
internal static class PlanarMath
{
    /// <summary>Squared distance from point p to segment ab.</summary>
    public static double PointSegmentDistanceSquared(double px, double py, double ax, double ay, double bx, double by)
    {
        var dx = bx - ax;
        var dy = by - ay;
        var len2 = (dx * dx) + (dy * dy);
        var t = len2 > 0 ? (((px - ax) * dx) + ((py - ay) * dy)) / len2 : 0;
        t = Math.Clamp(t, 0, 1);
        var ex = ax + (t * dx) - px;
        var ey = ay + (t * dy) - py;
        return (ex * ex) + (ey * ey);
    }

    /// <summary>Orientation: positive when c is left of a→b, negative when right, zero when collinear.</summary>
    public static double Orient(double ax, double ay, double bx, double by, double cx, double cy) =>
        ((bx - ax) * (cy - ay)) - ((by - ay) * (cx - ax));

    /// <summary>True when segments pq and ab properly or improperly intersect.</summary>
    public static bool SegmentsIntersect(double px, double py, double qx, double qy, double ax, double ay, double bx, double by)
    {
        var d1 = Orient(ax, ay, bx, by, px, py);
        var d2 = Orient(ax, ay, bx, by, qx, qy);
        var d3 = Orient(px, py, qx, qy, ax, ay);
        var d4 = Orient(px, py, qx, qy, bx, by);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        {
            return true;
        }

        return (d1 == 0 && OnSegment(ax, ay, bx, by, px, py)) || (d2 == 0 && OnSegment(ax, ay, bx, by, qx, qy))
            || (d3 == 0 && OnSegment(px, py, qx, qy, ax, ay)) || (d4 == 0 && OnSegment(px, py, qx, qy, bx, by));
    }

    /// <summary>Squared distance between segments pq and ab.</summary>
    public static double SegmentSegmentDistanceSquared(double px, double py, double qx, double qy, double ax, double ay, double bx, double by)
    {
        if (SegmentsIntersect(px, py, qx, qy, ax, ay, bx, by))
        {
            return 0;
        }

        return Math.Min(
            Math.Min(PointSegmentDistanceSquared(px, py, ax, ay, bx, by), PointSegmentDistanceSquared(qx, qy, ax, ay, bx, by)),
            Math.Min(PointSegmentDistanceSquared(ax, ay, px, py, qx, qy), PointSegmentDistanceSquared(bx, by, px, py, qx, qy)));
    }

    /// <summary>Squared distance from segment ab to the axis-aligned rectangle [x0,x1]×[y0,y1].</summary>
    public static double SegmentRectDistanceSquared(double ax, double ay, double bx, double by, double x0, double y0, double x1, double y1)
    {
        if (InRect(ax, ay, x0, y0, x1, y1) || InRect(bx, by, x0, y0, x1, y1))
        {
            return 0;
        }

        var d = SegmentSegmentDistanceSquared(ax, ay, bx, by, x0, y0, x1, y0);
        d = Math.Min(d, SegmentSegmentDistanceSquared(ax, ay, bx, by, x1, y0, x1, y1));
        d = Math.Min(d, SegmentSegmentDistanceSquared(ax, ay, bx, by, x1, y1, x0, y1));
        return Math.Min(d, SegmentSegmentDistanceSquared(ax, ay, bx, by, x0, y1, x0, y0));
    }

    private static bool InRect(double x, double y, double x0, double y0, double x1, double y1) =>
        x >= x0 && x <= x1 && y >= y0 && y <= y1;

    private static bool OnSegment(double ax, double ay, double bx, double by, double cx, double cy) =>
        cx >= Math.Min(ax, bx) && cx <= Math.Max(ax, bx) && cy >= Math.Min(ay, by) && cy <= Math.Max(ay, by);
}

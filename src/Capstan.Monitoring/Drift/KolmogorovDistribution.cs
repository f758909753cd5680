using MathNet.Numerics;

namespace Capstan.Monitoring.Drift;

/// <summary>The survival function of the one-sample two-sided Kolmogorov statistic D_n, as <c>scipy.stats.kstwo.sf</c> computes it.</summary>
/// <remarks>
/// Follows SciPy's <c>_kolmogn</c> (Simard and L'Ecuyer 2011) branch by branch: the Ruben–Gambino end regions,
/// twice the one-sided Smirnov tail (Birnbaum–Tingey sum) where that is exact or negligibly different, the
/// Durbin matrix (Marsaglia–Tsang–Wang) and the Pelz–Good expansion. Where SciPy uses Pomeranz's recursion
/// (n ≤ 140) this uses the Durbin matrix, which computes the same exact probability.
/// </remarks>
internal static class KolmogorovDistribution
{
    private const double Scale = 3.402823669209385e38; // 2^128
    private const int ScaleExponent = 128;

    private static readonly double[] StirlingCoefficients =
    [
        -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ];

    public static double Survival(long n, double x)
    {
        if (x >= 1.0)
            return 0.0;
        if (x <= 0.0)
            return 1.0;
        var t = n * x;
        if (t <= 1.0)
            return t <= 0.5 ? 1.0 : Clip(1.0 - RubenGambinoLow(n, t));
        if (t >= n - 1)
            return Clip(2 * Math.Pow(1.0 - x, n));
        if (x >= 0.5)
            return Clip(2 * SmirnovSurvival(n, x));
        var nxSquared = t * x;
        if (n <= 140)
            return nxSquared <= 4 ? Clip(1.0 - Durbin(n, x)) : Clip(2 * SmirnovSurvival(n, x));
        if (nxSquared >= 370.0)
            return 0.0;
        if (nxSquared >= 2.2)
            return Clip(2 * SmirnovSurvival(n, x));
        var cdf = n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4 ? Durbin(n, x) : PelzGood(n, x);
        return Clip(1.0 - cdf);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    private static double RubenGambinoLow(long n, double t)
    {
        if (n > 140)
        {
            var rn = 1.0 / n;
            var poly = 0.0;
            foreach (var c in StirlingCoefficients)
                poly = poly * (rn / n) + c;
            var logFactorialOverPower = Math.Log(n) / 2 - n + Math.Log(2 * Math.PI) / 2 + rn * poly;
            return Math.Exp(logFactorialOverPower + n * Math.Log(2 * t - 1));
        }

        var product = 1.0;
        for (long i = 1; i <= n; i++)
            product *= i * (1.0 / n) * (2 * t - 1);
        return product;
    }

    private static double SmirnovSurvival(long n, double x)
    {
        var last = (long)Math.Floor(n * (1 - x));
        var logN = SpecialFunctions.GammaLn(n + 1);
        var sum = 0.0;
        for (long j = 0; j <= last; j++)
        {
            var left = 1 - x - (double)j / n;
            if (left <= 0)
                break;
            var logTerm = logN - SpecialFunctions.GammaLn(j + 1) - SpecialFunctions.GammaLn(n - j + 1)
                + (n - j) * Math.Log(left) + (j - 1) * Math.Log(x + (double)j / n);
            sum += Math.Exp(logTerm);
        }

        return x * sum;
    }

    private static double Durbin(long n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5)
            return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var v = new double[m];
        var w = new double[m];
        var factor = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factor;
            factor /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * factor;
        }

        v[m - 1] = (1.0 + Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m)) * factor;
        var matrix = new double[m, m];
        for (var i = 1; i < m; i++)
            for (var row = i - 1; row < m; row++)
                matrix[row, i] = w[row - i + 1];
        for (var row = 0; row < m; row++)
            matrix[row, 0] = v[row];
        for (var column = 0; column < m; column++)
            matrix[m - 1, column] = v[m - 1 - column];

        var power = Identity(m);
        long exponent = 0, matrixExponent = 0;
        for (var remaining = n; remaining > 0; remaining /= 2)
        {
            if (remaining % 2 == 1)
            {
                power = Multiply(power, matrix);
                exponent += matrixExponent;
            }

            matrix = Multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[k - 1, k - 1]) > Scale)
            {
                Divide(matrix, Scale);
                matrixExponent += ScaleExponent;
            }
        }

        var p = power[k - 1, k - 1];
        for (long i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < 1 / Scale)
            {
                p *= Scale;
                exponent -= ScaleExponent;
            }
        }

        return Clip(exponent != 0 ? Math.ScaleB(p, (int)exponent) : p);
    }

    private static double[,] Identity(int size)
    {
        var identity = new double[size, size];
        for (var i = 0; i < size; i++)
            identity[i, i] = 1.0;
        return identity;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var size = a.GetLength(0);
        var product = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var l = 0; l < size; l++)
            {
                var a_il = a[i, l];
                for (var j = 0; j < size; j++)
                    product[i, j] += a_il * b[l, j];
            }

        return product;
    }

    private static void Divide(double[,] matrix, double divisor)
    {
        var size = matrix.GetLength(0);
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                matrix[i, j] /= divisor;
    }

    private static double PelzGood(long n, double x)
    {
        var z = Math.Sqrt(n) * x;
        double z2 = z * z, z4 = z2 * z2, z6 = z4 * z2;
        var qLog = -Math.PI * Math.PI / 8 / z2;
        if (qLog < -708)
            return 0.0;
        var q = Math.Exp(qLog);
        double pi2 = Math.PI * Math.PI, pi4 = pi2 * pi2, pi6 = pi4 * pi2;
        double k1a = -z2, k1b = pi2 / 4;
        double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
        double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * Math.Pow(z, 8);
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double odd = 2 * k - 1, m2 = odd * odd, m4 = m2 * m2, m6 = m4 * m2;
            var qPower = Math.Pow(q, 8 * k);
            s0 = s0 * qPower + 1.0;
            s1 = s1 * qPower + k1a + k1b * m2;
            s2 = s2 * qPower + k2a + k2b * m2 + k2c * m4;
            s3 = s3 * qPower + k3a + k3b * m2 + k3c * m4 + k3d * m6;
        }

        var common = q * Math.Sqrt(2 * Math.PI);
        s0 = s0 * common / z;
        s1 = s1 * common / (6 * z4);
        s2 = s2 * common / (72 * Math.Pow(z, 7));
        s3 = s3 * common / (6480 * Math.Pow(z, 10));
        var q2 = Math.Exp(-pi2 / 2 / z2);
        double extra2 = 0, extra3 = 0, sqrt3z = Math.Sqrt(3) * z;
        for (var k = maxK; k > 0; k--)
        {
            double k2 = (double)k * k, qk = Math.Pow(q2, k2), kPi = Math.PI * k;
            extra2 += k2 * qk;
            extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qk;
        }

        s2 += extra2 * pi2 * Math.Sqrt(2 * Math.PI) / (-36 * z2 * z);
        s3 += extra3 * pi2 * Math.Sqrt(2 * Math.PI) / (216 * z6);
        var root = Math.Sqrt(n);
        return s0 + s1 / root + s2 / n + s3 / (n * root);
    }
}

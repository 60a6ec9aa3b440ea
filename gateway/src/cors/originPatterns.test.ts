import { isOriginPattern, originMatcher } from "./originPatterns";

describe("origin patterns", () => {
  it("accepts origins, subdomain and port wildcards and *, and nothing else", () => {
    for (const valid of ["*", "https://shop.example.com", "http://localhost:3000", "https://*.example.com", "http://127.0.0.1:*", "http://[::1]:*"]) {
      expect({ valid, ok: isOriginPattern(valid) }).toEqual({ valid, ok: true });
    }
    for (const invalid of ["", "shop.example.com", "https://shop.example.com/", "https://shop.example.com/path", "ftp://x.example", "https://*", "https://a.*.com", "https://*.com", "*.example.com", "null"]) {
      expect({ invalid, ok: isOriginPattern(invalid) }).toEqual({ invalid, ok: false });
    }
  });

  it("matches exact origins case-insensitively, a default port written or not", () => {
    const match = originMatcher(["https://Shop.example.com", "http://localhost:80"]);
    expect(match("https://shop.example.com")).toBe("named");
    expect(match("HTTPS://SHOP.EXAMPLE.COM")).toBe("named");
    expect(match("http://localhost")).toBe("named");
    expect(match("http://shop.example.com")).toBeUndefined();
    expect(match("https://shop.example.com:8443")).toBeUndefined();
    expect(match("https://shop.example.com.evil.net")).toBeUndefined();
  });

  it("matches subdomains at any depth for *., never the bare domain or a look-alike", () => {
    const match = originMatcher(["https://*.example.com"]);
    expect(match("https://eu.example.com")).toBe("named");
    expect(match("https://eu.shop.example.com")).toBe("named");
    expect(match("https://example.com")).toBeUndefined();
    expect(match("https://evilexample.com")).toBeUndefined();
    expect(match("https://eu.example.com.evil.net")).toBeUndefined();
    expect(match("http://eu.example.com")).toBeUndefined();
  });

  it("matches any port, the default one included, for :*", () => {
    const match = originMatcher(["http://127.0.0.1:*"]);
    expect(match("http://127.0.0.1:5173")).toBe("named");
    expect(match("http://127.0.0.1")).toBe("named");
    expect(match("http://127.0.0.10:5173")).toBeUndefined();
    expect(match("https://127.0.0.1:5173")).toBeUndefined();
  });

  it("matches anything for *, as `any` (never with credentials), a named entry winning", () => {
    const match = originMatcher(["*", "https://shop.example.com"]);
    expect(match("https://anywhere.example")).toBe("any");
    expect(match("https://shop.example.com")).toBe("named");
    expect(originMatcher([])("https://shop.example.com")).toBeUndefined();
  });
});

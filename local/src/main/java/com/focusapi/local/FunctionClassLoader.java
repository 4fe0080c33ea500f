package com.focusapi.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * A function's class loader: its own shaded jar, as Lambda loads it (parent: the platform loader, so nothing
 * of the local API leaks in), plus the local bridge. The bridge is not in the function's jar (production jars
 * do not carry the local API's door): its class files ride in the local API's jar and are defined here, inside
 * the function's loader, so they link against the function's own Micronaut and handler classes.
 */
final class FunctionClassLoader extends URLClassLoader {
    static final String BRIDGE_PACKAGE = "com.focusapi.localbridge.";

    static {
        registerAsParallelCapable();
    }

    FunctionClassLoader(String name, Path jar) throws IOException {
        super(name, new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.startsWith(BRIDGE_PACKAGE)) {
            return super.findClass(name);
        }
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = FunctionClassLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name + ": the local bridge is missing from the local API's jar");
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}

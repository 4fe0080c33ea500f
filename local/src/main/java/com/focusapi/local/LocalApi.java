package com.focusapi.local;

/** Entry point of the local API (work in progress). */
public final class LocalApi {
    public static void main(String[] args) {
        System.out.println("focus-local: not implemented yet");
    }
}

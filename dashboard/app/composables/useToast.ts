export { useToast } from "primevue/usetoast";

export { useConfirm } from "primevue/useconfirm";
